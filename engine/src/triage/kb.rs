//! Candidate KB articles: an in-memory BM25 index over articles (id, title, url, text), built
//! once at start. Queries are made in code from a template's constant tokens and the error
//! codes of its example: never parsed from user or log text.
//!
//! The tokenizer keeps error codes (`XSV-350122`, `0x80070005`, `ORA-00942`), dotted names
//! (`java.net.ConnectException`) and paths whole, and adds their parts, so that a query word
//! finds an article that writes it inside a compound, and a whole code scores above its parts.

use std::collections::HashMap;

/// BM25 parameters (the usual ones).
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// The least score an article needs to be offered.
pub const MIN_SCORE: f64 = 4.0;
/// Articles offered per template.
pub const MAX_HITS: usize = 5;

/// One article to index.
#[derive(Clone, Debug, Default)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    /// Its text (body; HTML already reduced to text).
    pub text: String,
}

pub use crate::unexplained::KbHit;

/// The index.
#[derive(Default)]
pub struct Index {
    docs: Vec<(String, String, Option<String>, u32)>,
    postings: HashMap<String, Vec<(u32, u32)>>,
    avg_len: f64,
}

const STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its", "of", "on",
    "or", "that", "the", "this", "to", "was", "were", "will", "with", "you", "your", "can", "not", "but", "if", "when",
    "which", "into", "then", "than", "there", "these", "those", "all", "any", "also", "may",
];

/// The terms of a text: lower-cased; compounds whole and in parts; stop words dropped.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let keep = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '\\' | ':');
    for raw in text.split(|c: char| !keep(c)) {
        let t = raw.trim_matches(|c: char| matches!(c, '-' | '.' | ':' | '/' | '\\' | '_'));
        if t.is_empty() || t.len() > 200 {
            continue;
        }
        let low = t.to_lowercase();
        let compound = low.contains(['-', '_', '.', '/', '\\', ':']);
        if compound {
            for p in low.split(['-', '_', '.', '/', '\\', ':']) {
                push_term(&mut out, p);
            }
        }
        push_term(&mut out, &low);
    }
    out
}

fn push_term(out: &mut Vec<String>, t: &str) {
    if t.is_empty() || STOP.contains(&t) {
        return;
    }
    // Short numbers say little (a line number, a count).
    if t.len() < 3 && t.bytes().all(|c| c.is_ascii_digit()) {
        return;
    }
    if t.len() == 1 {
        return;
    }
    out.push(t.to_string());
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "kb::Index({} articles, {} terms)", self.docs.len(), self.postings.len())
    }
}

impl Index {
    pub fn build(articles: Vec<Article>) -> Index {
        let mut ix = Index::default();
        let mut total = 0u64;
        for (d, a) in articles.into_iter().enumerate() {
            let mut tf: HashMap<String, u32> = HashMap::new();
            // The title counts twice: it names the problem.
            let title = terms(&a.title);
            let body = terms(&a.text);
            let len = (title.len() * 2 + body.len()) as u32;
            for t in title.iter().chain(title.iter()).chain(body.iter()) {
                *tf.entry(t.clone()).or_default() += 1;
            }
            for (t, n) in tf {
                ix.postings.entry(t).or_default().push((d as u32, n));
            }
            total += u64::from(len);
            ix.docs.push((a.id, a.title, a.url, len));
        }
        ix.avg_len = if ix.docs.is_empty() { 1.0 } else { (total as f64 / ix.docs.len() as f64).max(1.0) };
        ix
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The best articles for these query terms (each counted once), best first, ties by id.
    pub fn search(&self, query: &[String], max: usize, min_score: f64) -> Vec<KbHit> {
        let n = self.docs.len() as f64;
        let mut seen: Vec<&str> = Vec::new();
        let mut scores: HashMap<u32, f64> = HashMap::new();
        for q in query {
            if seen.contains(&q.as_str()) {
                continue;
            }
            seen.push(q);
            let Some(post) = self.postings.get(q) else { continue };
            let df = post.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for &(d, tf) in post {
                let len = f64::from(self.docs[d as usize].3);
                let tf = f64::from(tf);
                let s = idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / self.avg_len));
                *scores.entry(d).or_default() += s;
            }
        }
        let mut ranked: Vec<(u32, f64)> = scores.into_iter().filter(|(_, s)| *s >= min_score).collect();
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1).then_with(|| self.docs[a.0 as usize].0.cmp(&self.docs[b.0 as usize].0))
        });
        ranked
            .into_iter()
            .take(max)
            .map(|(d, s)| {
                let (id, title, url, _) = &self.docs[d as usize];
                KbHit {
                    article: id.clone(),
                    title: title.clone(),
                    url: url.clone(),
                    score: (s * 100.0).round() / 100.0,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_dotted_names_stay_whole() {
        let t = terms("Error XSV-350122 at java.net.ConnectException (0x80070005) in /var/log/app.log");
        for w in ["xsv-350122", "java.net.connectexception", "connectexception", "0x80070005", "var/log/app.log"] {
            assert!(t.iter().any(|x| x == w), "{w} in {t:?}");
        }
    }

    #[test]
    fn ranks_the_article_that_shares_the_code() {
        let a = |id: &str, title: &str, text: &str| Article {
            id: id.into(),
            title: title.into(),
            url: None,
            text: text.into(),
        };
        let ix = Index::build(vec![
            a("KA-1", "Disk full", "The disk is full: No space left on device. Free some space."),
            a("KA-2", "Login fails", "Import fails with XSV-350122 when the schema is wrong."),
            a("KA-3", "Slow pages", "Pages load slowly when the cache is cold."),
        ]);
        let hits = ix.search(&terms("import failed XSV-350122"), 5, 0.5);
        assert_eq!(hits[0].article, "KA-2");
    }
}

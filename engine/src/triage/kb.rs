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
    /// The products it is about (front matter `product`, `solution`, `applies-to`); empty when
    /// it names none.
    pub products: Vec<String>,
}

/// An article of another product than the bundle's logs (an Experience Manager article for a
/// Campaign log's line) scores this share of its match: a match as good in the bundle's own
/// product ranks first, and a weak one of another product falls below [`MIN_SCORE`]
/// (hostile tester Q: five confident Assets and AEM candidates for a Campaign line).
pub const OTHER_PRODUCT: f64 = 0.5;

/// A term that is a code: letters and digits together, or a number of four digits or more
/// (`xsv-350122`, `0x80070005`, `ora-00942`, `350122`), not a plain word or a short number.
fn is_code(t: &str) -> bool {
    let digits = t.bytes().filter(u8::is_ascii_digit).count();
    digits >= 4 || (digits >= 1 && t.bytes().any(|b| b.is_ascii_alphabetic()) && t.len() >= 4)
}

/// A product's family: its first word past `Adobe`, lower-cased (`Campaign Classic v7` and
/// `Campaign Standard` are `campaign`, `Experience Manager` is `experience`).
pub fn family(product: &str) -> Option<String> {
    product
        .split_whitespace()
        .find(|w| !w.eq_ignore_ascii_case("adobe"))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase())
        .filter(|w| !w.is_empty())
}

pub use crate::unexplained::KbHit;

/// The index.
#[derive(Default)]
pub struct Index {
    docs: Vec<(String, String, Option<String>, u32)>,
    /// Per document, the families of its products ([`family`]).
    families: Vec<Vec<String>>,
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
    terms_with(text, false)
}

/// The terms of a query: as [`terms`], but the letters of a code are no term of their own:
/// `ORA-12154` asks for itself and `12154`, not for `ora`, which every article about another
/// Oracle error holds (hostile tester 10, 12: an article of ORA-12899 was the first candidate
/// for ORA-12154, by `ora` and a `tns:` prefix).
pub fn query_terms(text: &str) -> Vec<String> {
    terms_with(text, true)
}

fn terms_with(text: &str, query: bool) -> Vec<String> {
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
            let code = query && is_code(&low);
            for p in low.split(['-', '_', '.', '/', '\\', ':']) {
                if !code || p.bytes().any(|b| b.is_ascii_digit()) {
                    push_term(&mut out, p);
                }
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
            let mut fam: Vec<String> = a.products.iter().filter_map(|p| family(p)).collect();
            fam.sort();
            fam.dedup();
            ix.families.push(fam);
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
    /// `prefer`: the product families of the bundle's logs ([`family`]); an article that names
    /// products, none of them of these families, scores [`OTHER_PRODUCT`] of its match. Empty:
    /// no preference (a bundle of generic text, or logs of no product the KB knows).
    pub fn search(&self, query: &[String], max: usize, min_score: f64, prefer: &[String]) -> Vec<KbHit> {
        let n = self.docs.len() as f64;
        let mut seen: Vec<&str> = Vec::new();
        let mut scores: HashMap<u32, f64> = HashMap::new();
        // Per document: distinct query terms matched, and whether one is a code.
        let mut matched: HashMap<u32, (u32, bool)> = HashMap::new();
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
                let m = matched.entry(d).or_default();
                m.0 += 1;
                m.1 |= is_code(q);
            }
        }
        // One shared word is no match ("Cooking pasta failed" and every article titled
        // "... failed": hostile tester Q), unless it is a code (`xsv-350122`, `0x80070005`).
        scores.retain(|d, _| matched.get(d).is_some_and(|&(n, code)| n >= 2 || code));
        // A preference only where the KB knows the bundle's product at all: a Linux bundle
        // read against Adobe's KB ranks as before.
        let known = !prefer.is_empty() && self.families.iter().flatten().any(|f| prefer.contains(f));
        if known {
            for (d, s) in scores.iter_mut() {
                let fam = &self.families[*d as usize];
                if !fam.is_empty() && !fam.iter().any(|f| prefer.contains(f)) {
                    *s *= OTHER_PRODUCT;
                }
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
    fn a_codes_letters_are_no_query_term_of_their_own() {
        let q = query_terms("Import failed: ORA-12154: TNS:could not resolve");
        assert!(q.contains(&"ora-12154".to_string()) && q.contains(&"12154".to_string()), "{q:?}");
        assert!(!q.contains(&"ora".to_string()), "{q:?}");
        assert!(q.contains(&"tns".to_string()) && q.contains(&"resolve".to_string()), "{q:?}");
        // The index keeps the parts (an article's `ORA 12154` is found by its number).
        assert!(terms("ORA-12899").contains(&"ora".to_string()));
        // An article of another code of the family is no candidate by the family's letters.
        let ix = Index::build(vec![
            Article {
                id: "KA-1".into(),
                title: "ORA-12899 value too large".into(),
                text: "tns: prefix".into(),
                ..Default::default()
            },
            Article {
                id: "KA-2".into(),
                title: "ORA-12154 could not resolve".into(),
                text: "tnsnames".into(),
                ..Default::default()
            },
        ]);
        let hits: Vec<String> = ix
            .search(&query_terms("ORA-12154: TNS:could not resolve"), 5, 0.0, &[])
            .into_iter()
            .map(|h| h.article)
            .collect();
        assert_eq!(hits, ["KA-2"]);
    }

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
            products: Vec::new(),
        };
        let ix = Index::build(vec![
            a("KA-1", "Disk full", "The disk is full: No space left on device. Free some space."),
            a("KA-2", "Login fails", "Import fails with XSV-350122 when the schema is wrong."),
            a("KA-3", "Slow pages", "Pages load slowly when the cache is cold."),
        ]);
        let hits = ix.search(&terms("import failed XSV-350122"), 5, 0.5, &[]);
        assert_eq!(hits[0].article, "KA-2");
    }

    #[test]
    fn an_article_of_the_bundles_product_ranks_before_an_equal_one_of_another() {
        let a = |id: &str, product: &str| Article {
            id: id.into(),
            title: "Upload fails".into(),
            url: None,
            text: "The upload fails with Connection reset by peer.".into(),
            products: vec![product.into()],
        };
        let ix = Index::build(vec![
            a("KA-1", "Experience Manager"),
            a("KA-2", "Adobe Campaign Classic v7"),
            a("KA-3", "Campaign Standard"),
            Article { products: Vec::new(), ..a("KA-4", "") },
        ]);
        let q = terms("upload failed: Connection reset by peer");
        let ids = |h: Vec<KbHit>| h.into_iter().map(|h| h.article).collect::<Vec<_>>();
        // No preference: equal scores, by id.
        assert_eq!(ids(ix.search(&q, 5, 0.0, &[])), ["KA-1", "KA-2", "KA-3", "KA-4"]);
        // A Campaign bundle: the other product last, at half its score; an article naming no
        // product is not held against.
        let hits = ix.search(&q, 5, 0.0, &["campaign".to_string()]);
        assert_eq!(ids(hits.clone()), ["KA-2", "KA-3", "KA-4", "KA-1"]);
        assert!((hits[3].score * 2.0 - hits[0].score).abs() < 0.02, "{hits:?}");
        // A product the KB does not know (a Linux bundle): no preference.
        assert_eq!(ids(ix.search(&q, 5, 0.0, &["linux".to_string()])), ["KA-1", "KA-2", "KA-3", "KA-4"]);
        assert_eq!(family("Adobe Campaign Classic v7").as_deref(), Some("campaign"));
        // One shared plain word is no match; a shared code is.
        let ix = Index::build(vec![
            a("KA-5", "Campaign"),
            Article {
                title: "Import failed".into(),
                text: "It failed with XSV-350122.".into(),
                ..a("KA-6", "Campaign")
            },
        ]);
        assert!(ids(ix.search(&terms("Cooking pasta failed"), 5, 0.0, &[])).is_empty());
        assert_eq!(ids(ix.search(&terms("job XSV-350122"), 5, 0.0, &[])), ["KA-6"]);
        assert_eq!(family("Experience Manager").as_deref(), Some("experience"));
    }
}

//! Which inputs a symptom reads: asked by the scanner (which symptoms to try on a file), the
//! evaluator and the judge (is the log a symptom needs in the bundle?) and explain; one answer.

use super::compile::Symptom;

impl Symptom {
    /// Does this symptom read an input of this format (and role)? No `sources`: every input.
    ///
    /// An input of a format with roles whose role is unknown (an nlserver line pasted into
    /// `ticket.txt`: hostile tester R) is read by a symptom that reads pasted text (`generic`)
    /// and this format in some role: such a line says no less than the same text pasted
    /// without its columns, which the symptom reads. A symptom that reads only given roles and
    /// no pasted text keeps to them (the Triggers pipeline's own 403s are no publishing error).
    pub fn reads(&self, format: &str, role: Option<&str>) -> bool {
        self.sources.is_empty()
            || self.sources.iter().any(|sel| sel.accepts(format, role))
            || (role.is_none()
                && self.sources.iter().any(|sel| sel.format.as_deref() == Some(super::GENERIC))
                && self.sources.iter().any(|sel| sel.format.as_deref() == Some(format) && sel.role.is_some()))
    }

    /// Would the scanner take `text` as a line of this symptom, leaving aside its format's
    /// fields (`where`, `levels`)? A literal of the prefilter, the texts the regex requires,
    /// then the regex (or, without one, the `contains` texts). The `contains` list narrows a
    /// broad regex (PG-ARCHIVE's `name: message` line must hold `: cannot ` or a like text),
    /// so a check of the regex alone takes a Java exception line for archive_command's stderr.
    pub fn matches_text(&self, text: &str) -> bool {
        let low = std::cell::OnceCell::new();
        let holds =
            |l: &str, ci: bool| if ci { low.get_or_init(|| text.to_lowercase()).contains(l) } else { text.contains(l) };
        if !self.literals.is_empty() && !self.literals.iter().any(|l| holds(l, self.literal_ci)) {
            return false;
        }
        match &self.regex {
            Some(re) => self.required.iter().all(|f| f.find(text.as_bytes()).is_some()) && re.is_match(text),
            None => self.contains.is_empty() || self.contains.iter().any(|l| holds(l, self.contains_ci)),
        }
    }

    /// Its sources for people: "any log", or `web.log`-style selectors joined with `sep`.
    pub fn sources_text(&self, sep: &str) -> String {
        if self.sources.is_empty() {
            "any log".to_string()
        } else {
            self.sources.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(sep)
        }
    }
}

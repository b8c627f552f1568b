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

    /// Its sources for people: "any log", or `web.log`-style selectors joined with `sep`.
    pub fn sources_text(&self, sep: &str) -> String {
        if self.sources.is_empty() {
            "any log".to_string()
        } else {
            self.sources.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(sep)
        }
    }
}

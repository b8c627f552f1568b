//! Which inputs a symptom reads: asked by the scanner (which symptoms to try on a file), the
//! evaluator and the judge (is the log a symptom needs in the bundle?) and explain; one answer.

use super::compile::Symptom;

impl Symptom {
    /// Does this symptom read an input of this format (and role)? No `sources`: every input.
    pub fn reads(&self, format: &str, role: Option<&str>) -> bool {
        self.sources.is_empty() || self.sources.iter().any(|sel| sel.accepts(format, role))
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

//! Counters for `GET /metrics`, written by hand in the Prometheus text format (0.0.4).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds (seconds) of the request-duration histogram buckets.
const BUCKETS: [f64; 14] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0];

#[derive(Default)]
struct Histogram {
    /// Per bucket, observations at most its bound (not cumulative here).
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(String, u16), u64>,
    durations: BTreeMap<String, Histogram>,
    findings: BTreeMap<(String, String), u64>,
    inputs_rejected: u64,
    connections_open: u64,
    connections_refused: u64,
    reloads: BTreeMap<&'static str, u64>,
}

/// The server's counters. One mutex: updates are a few map operations per request.
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

impl Metrics {
    fn with<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut g)
    }

    /// A request answered: its endpoint (the route template, e.g. `/v1/rules/{id}`), status and
    /// time taken.
    pub fn request(&self, endpoint: &str, status: u16, took: Duration) {
        let secs = took.as_secs_f64();
        self.with(|m| {
            *m.requests.entry((endpoint.to_string(), status)).or_default() += 1;
            let h = m.durations.entry(endpoint.to_string()).or_default();
            if let Some(i) = BUCKETS.iter().position(|&b| secs <= b) {
                h.counts[i] += 1;
            }
            h.sum += secs;
            h.count += 1;
        });
    }

    pub fn finding(&self, rule: &str, outcome: &str) {
        self.with(|m| *m.findings.entry((rule.to_string(), outcome.to_string())).or_default() += 1);
    }

    pub fn inputs_rejected(&self, n: u64) {
        if n > 0 {
            self.with(|m| m.inputs_rejected += n);
        }
    }

    pub fn connection_opened(&self) {
        self.with(|m| m.connections_open += 1);
    }

    pub fn connection_closed(&self) {
        self.with(|m| m.connections_open = m.connections_open.saturating_sub(1));
    }

    pub fn connection_refused(&self) {
        self.with(|m| m.connections_refused += 1);
    }

    pub fn reload(&self, ok: bool) {
        self.with(|m| *m.reloads.entry(if ok { "ok" } else { "failed" }).or_default() += 1);
    }

    /// The text `GET /metrics` answers; gauges are read by the caller.
    pub fn render(&self, rules_loaded: usize, in_flight: usize, waiting: usize) -> String {
        let mut o = String::new();
        self.with(|m| {
            head(&mut o, "kbdiag_requests_total", "counter", "HTTP requests answered, by endpoint and status.");
            for ((ep, st), n) in &m.requests {
                let _ = writeln!(o, "kbdiag_requests_total{{endpoint=\"{}\",status=\"{st}\"}} {n}", label(ep));
            }
            head(&mut o, "kbdiag_request_duration_seconds", "histogram", "Time to answer a request, by endpoint.");
            for (ep, h) in &m.durations {
                let ep = label(ep);
                let mut cum = 0;
                for (b, c) in BUCKETS.iter().zip(h.counts) {
                    cum += c;
                    let _ = writeln!(o, "kbdiag_request_duration_seconds_bucket{{endpoint=\"{ep}\",le=\"{b}\"}} {cum}");
                }
                let _ =
                    writeln!(o, "kbdiag_request_duration_seconds_bucket{{endpoint=\"{ep}\",le=\"+Inf\"}} {}", h.count);
                let _ = writeln!(o, "kbdiag_request_duration_seconds_sum{{endpoint=\"{ep}\"}} {}", h.sum);
                let _ = writeln!(o, "kbdiag_request_duration_seconds_count{{endpoint=\"{ep}\"}} {}", h.count);
            }
            head(
                &mut o,
                "kbdiag_findings_total",
                "counter",
                "Findings reported by POST /v1/diagnose, by rule and outcome.",
            );
            for ((rule, outcome), n) in &m.findings {
                let _ =
                    writeln!(o, "kbdiag_findings_total{{rule=\"{}\",outcome=\"{}\"}} {n}", label(rule), label(outcome));
            }
            head(
                &mut o,
                "kbdiag_inputs_rejected_total",
                "counter",
                "Inputs of requests not read: over the decompressed-bytes limit, nested too deep, broken archives.",
            );
            let _ = writeln!(o, "kbdiag_inputs_rejected_total {}", m.inputs_rejected);
            head(&mut o, "kbdiag_connections_open", "gauge", "Client connections open now.");
            let _ = writeln!(o, "kbdiag_connections_open {}", m.connections_open);
            head(
                &mut o,
                "kbdiag_connections_refused_total",
                "counter",
                "Connections refused (503) because --max-connections were open.",
            );
            let _ = writeln!(o, "kbdiag_connections_refused_total {}", m.connections_refused);
            head(
                &mut o,
                "kbdiag_reloads_total",
                "counter",
                "Rule-pack reloads (SIGHUP or POST /v1/reload), by result.",
            );
            for r in ["ok", "failed"] {
                let _ =
                    writeln!(o, "kbdiag_reloads_total{{result=\"{r}\"}} {}", m.reloads.get(r).copied().unwrap_or(0));
            }
        });
        head(&mut o, "kbdiag_rules_loaded", "gauge", "Rules in the rule set now served.");
        let _ = writeln!(o, "kbdiag_rules_loaded {rules_loaded}");
        head(&mut o, "kbdiag_diagnoses_running", "gauge", "Diagnoses running now.");
        let _ = writeln!(o, "kbdiag_diagnoses_running {in_flight}");
        head(&mut o, "kbdiag_diagnoses_queued", "gauge", "Diagnose requests admitted and waiting for a slot.");
        let _ = writeln!(o, "kbdiag_diagnoses_queued {waiting}");
        o
    }
}

fn head(o: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(o, "# HELP {name} {help}");
    let _ = writeln!(o, "# TYPE {name} {kind}");
}

/// A label value, escaped as the text format wants (`\`, `"`, newline).
fn label(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_is_cumulative_and_labels_escaped() {
        let m = Metrics::default();
        m.request("/a\"b", 200, Duration::from_millis(3));
        m.request("/a\"b", 200, Duration::from_millis(300));
        let t = m.render(2, 0, 0);
        assert!(t.contains("kbdiag_requests_total{endpoint=\"/a\\\"b\",status=\"200\"} 2"), "{t}");
        assert!(t.contains("le=\"0.005\"} 1"), "{t}");
        assert!(t.contains("le=\"0.5\"} 2"), "{t}");
        assert!(t.contains("le=\"+Inf\"} 2"), "{t}");
        assert!(t.contains("kbdiag_rules_loaded 2"), "{t}");
    }
}

//! Admission of diagnose requests: how many are in, running or waiting (for their body or a
//! slot). Both counts sit under one lock, so that a 503's message and `/metrics` read the same
//! numbers at the same moment, and a request moves from waiting to running in one step.

use std::sync::{Arc, Mutex};

/// A snapshot of the counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub running: usize,
    pub waiting: usize,
}

pub struct Gate {
    counts: Mutex<Counts>,
    /// Running and waiting together, at most.
    cap: usize,
}

impl Gate {
    pub fn new(cap: usize) -> Gate {
        Gate { counts: Mutex::new(Counts::default()), cap }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Counts) -> T) -> T {
        f(&mut self.counts.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn counts(&self) -> Counts {
        self.with(|c| *c)
    }

    /// Let one more in (as waiting), or say how full it is.
    pub fn admit(self: &Arc<Self>) -> Result<Admitted, Counts> {
        self.with(|c| {
            if c.running + c.waiting >= self.cap {
                return Err(*c);
            }
            c.waiting += 1;
            Ok(Admitted { gate: self.clone(), running: false })
        })
    }
}

/// One admitted request; leaves the counts when dropped, that is when its work really ends
/// (not when its client stopped waiting).
pub struct Admitted {
    gate: Arc<Gate>,
    running: bool,
}

impl Admitted {
    /// It has a slot now.
    pub fn start(&mut self) {
        if !self.running {
            self.running = true;
            self.gate.with(|c| {
                c.waiting -= 1;
                c.running += 1;
            });
        }
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let running = self.running;
        self.gate.with(|c| {
            if running {
                c.running -= 1;
            } else {
                c.waiting -= 1;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_requests() {
        let g = Arc::new(Gate::new(2));
        let mut a = g.admit().ok().unwrap();
        let b = g.admit().ok().unwrap();
        assert_eq!(g.admit().err(), Some(Counts { running: 0, waiting: 2 }));
        a.start();
        assert_eq!(g.counts(), Counts { running: 1, waiting: 1 });
        drop(b);
        drop(a);
        assert_eq!(g.counts(), Counts::default());
    }
}

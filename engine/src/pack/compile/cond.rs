//! Conditions: names resolved to indexes (symptoms, named conditions, no cycles), durations
//! parsed, scripts compiled.

use super::*;

pub(super) struct Resolver<'a> {
    pub(super) symptoms: &'a [String],
    pub(super) conds: &'a [String],
    pub(super) defs: &'a BTreeMap<String, CondDef>,
}

impl Resolver<'_> {
    pub(super) fn symptom(&self, name: &str) -> Result<usize, ErrorKind> {
        self.symptoms.iter().position(|s| s == name).ok_or_else(|| {
            ErrorKind::Reference(format!(
                "'{name}' is not a symptom of this rule (symptoms: {})",
                self.symptoms.join(", ")
            ))
        })
    }

    pub(super) fn span(&self, text: &str) -> Result<Span, ErrorKind> {
        duration::parse(text).map_err(ErrorKind::Duration)
    }

    pub(super) fn cond(&self, c: &CondDef, stack: &mut Vec<String>) -> Result<Cond, ErrorKind> {
        match c {
            CondDef::Name(n) => {
                if let Ok(i) = self.symptom(n) {
                    return Ok(Cond::Symptom(i));
                }
                if let Some(i) = self.conds.iter().position(|x| x == n) {
                    if stack.contains(n) {
                        return Err(ErrorKind::Reference(format!(
                            "condition '{n}' refers to itself ({} → {n})",
                            stack.join(" → ")
                        )));
                    }
                    // Check the referred condition for cycles through this path.
                    stack.push(n.clone());
                    let r = self.cond(&self.defs[n], stack);
                    stack.pop();
                    r?;
                    return Ok(Cond::Named(i));
                }
                Err(ErrorKind::Reference(format!(
                    "'{n}' is neither a symptom nor a named condition of this rule (symptoms: {}; conditions: {})",
                    self.symptoms.join(", "),
                    if self.conds.is_empty() { "none".to_string() } else { self.conds.join(", ") }
                )))
            }
            CondDef::Op(op) => match op.as_ref() {
                CondOp::All(v) | CondOp::Any(v) if v.is_empty() => {
                    Err(ErrorKind::Invalid("an empty all/any list".into()))
                }
                CondOp::All(v) => Ok(Cond::All(v.iter().map(|c| self.cond(c, stack)).collect::<Result<_, _>>()?)),
                CondOp::Any(v) => Ok(Cond::Any(v.iter().map(|c| self.cond(c, stack)).collect::<Result<_, _>>()?)),
                CondOp::Not(c) => Ok(Cond::Not(Box::new(self.cond(c, stack)?))),
                CondOp::Near(r) | CondOp::Before(r) | CondOp::After(r) => {
                    let kind = match op.as_ref() {
                        CondOp::Near(_) => RelKind::Near,
                        CondOp::Before(_) => RelKind::Before,
                        _ => RelKind::After,
                    };
                    let within = self.span(&r.within)?;
                    if within.ms() <= 0 {
                        return Err(ErrorKind::Duration(format!("window '{}' must be longer than zero", r.within)));
                    }
                    let slack = match (&r.slack, kind) {
                        (None, _) => Span::default(),
                        (Some(_), RelKind::Near) => {
                            return Err(ErrorKind::Invalid(
                                "slack is for before and after (near reaches both ways already)".into(),
                            ))
                        }
                        (Some(s), _) => self.span(s)?,
                    };
                    if slack.ms() < 0 || slack.ms() >= within.ms() {
                        return Err(ErrorKind::Duration(format!(
                            "slack '{}' must be shorter than the window '{}'",
                            r.slack.as_deref().unwrap_or(""),
                            r.within
                        )));
                    }
                    let until = match (&r.until, kind) {
                        (None, _) => None,
                        (Some(u), RelKind::After) => {
                            let span = self.span(&u.within)?;
                            if span.ms() <= within.ms() {
                                return Err(ErrorKind::Duration(format!(
                                    "until.within '{}' must be longer than the window '{}' (it extends it)",
                                    u.within, r.within
                                )));
                            }
                            Some((self.symptom(&u.symptom)?, span))
                        }
                        (Some(_), _) => {
                            return Err(ErrorKind::Invalid(
                                "until is for after (a state that b begins and a falls inside)".into(),
                            ))
                        }
                    };
                    Ok(Cond::Rel {
                        kind,
                        a: self.symptom(&r.a)?,
                        b: self.symptom(&r.b)?,
                        within,
                        by: r.by.clone(),
                        slack,
                        until,
                    })
                }
                CondOp::Count(c) => {
                    if c.min == 0 {
                        return Err(ErrorKind::Invalid("count.min must be at least 1".into()));
                    }
                    Ok(Cond::Count {
                        symptom: self.symptom(&c.symptom)?,
                        min: c.min,
                        within: c.within.as_deref().map(|w| self.span(w)).transpose()?,
                        distinct: c.distinct.clone(),
                        by: c.by.clone(),
                    })
                }
                CondOp::Sequence(q) => {
                    if q.steps.len() < 2 {
                        return Err(ErrorKind::Invalid("a sequence needs at least two steps".into()));
                    }
                    let within = self.span(&q.within)?;
                    if within.ms() <= 0 {
                        return Err(ErrorKind::Duration(format!("window '{}' must be longer than zero", q.within)));
                    }
                    let steps = q.steps.iter().map(|s| self.symptom(s)).collect::<Result<_, _>>()?;
                    Ok(Cond::Sequence { steps, within, by: q.by.clone() })
                }
                CondOp::Absent(r) => {
                    let within = self.span(&r.within)?;
                    if within.ms() <= 0 {
                        return Err(ErrorKind::Duration(format!("window '{}' must be longer than zero", r.within)));
                    }
                    Ok(Cond::Absent { a: self.symptom(&r.a)?, b: self.symptom(&r.b)?, within, by: r.by.clone() })
                }
                CondOp::Script(src) => {
                    let ast = script::shared().compile(src).map_err(ErrorKind::Script)?;
                    Ok(Cond::Script { source: src.clone(), ast: std::sync::Arc::new(ast) })
                }
                CondOp::Recurs(r) => {
                    let tolerance = r.tolerance.as_deref().map(|t| self.span(t)).transpose()?.unwrap_or(Span(600_000));
                    if r.min_days < 2 {
                        return Err(ErrorKind::Invalid("recurs.min_days must be at least 2".into()));
                    }
                    if tolerance.ms() >= 12 * 3_600_000 {
                        return Err(ErrorKind::Invalid("recurs.tolerance must be under 12h".into()));
                    }
                    Ok(Cond::Recurs { symptom: self.symptom(&r.symptom)?, min_days: r.min_days, tolerance })
                }
            },
        }
    }
}

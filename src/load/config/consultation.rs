//! `consultation:` in site.yaml: the campaign's national conversation
//! (what is asked under each R, from when until when, how to respond),
//! validated into [`Consultation`]. Its state (not yet open, open, closed)
//! comes from the build date, so a build stays reproducible for a date.

use super::raw::{RawConsultation, RawConsultationText, RawQuestions};
use super::{Validator, R};
use crate::base::date::Date;

/// The national conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct Consultation {
    /// What the conversation is called.
    pub title: String,
    /// The first day responses are taken.
    pub opens: Date,
    /// The last day responses are taken (until 11:59pm).
    pub closes: Date,
    /// Who is invited, as written.
    pub who: Option<String>,
    /// The national questions for each R, in journey order.
    pub questions: [Vec<String>; 3],
    /// A council's own questions for each R, shown after the national ones.
    pub local_questions: [Vec<String>; 3],
    /// An https address of the organiser's response form.
    pub form: Option<String>,
    /// An e-mail address for responses.
    pub email: Option<String>,
    /// A postal address for responses.
    pub post: Option<String>,
    /// An https address of the privacy notice.
    pub privacy_notice: Option<String>,
    /// What happens after it closes.
    pub after: Option<String>,
}

/// Where the conversation is on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Before `opens`.
    NotYetOpen,
    /// From `opens` to `closes`, both included.
    Open,
    /// After `closes`.
    Closed,
}

impl State {
    /// The name templates see.
    pub fn key(self) -> &'static str {
        match self {
            State::NotYetOpen => "not_yet_open",
            State::Open => "open",
            State::Closed => "closed",
        }
    }
}

impl Consultation {
    /// The state on `today`.
    pub fn state(&self, today: Date) -> State {
        if today < self.opens {
            State::NotYetOpen
        } else if today <= self.closes {
            State::Open
        } else {
            State::Closed
        }
    }

    /// This conversation with another language's text where it has some.
    pub(crate) fn translated(&self, text: &ConsultationText) -> Consultation {
        let mut translated = self.clone();
        if let Some(title) = &text.title {
            translated.title = title.clone();
        }
        translated.who = text.who.clone().or(translated.who);
        translated.after = text.after.clone().or(translated.after);
        translated.post = text.post.clone().or(translated.post);
        for r in R::ALL {
            if let Some(questions) = &text.questions[r.index()] {
                translated.questions[r.index()] = questions.clone();
            }
            if let Some(questions) = &text.local_questions[r.index()] {
                translated.local_questions[r.index()] = questions.clone();
            }
        }
        translated
    }
}

/// The conversation's words in one language (`languages:` entries).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConsultationText {
    /// Title.
    pub title: Option<String>,
    /// Who is invited.
    pub who: Option<String>,
    /// Questions for each R.
    pub questions: [Option<Vec<String>>; 3],
    /// Local questions for each R.
    pub local_questions: [Option<Vec<String>>; 3],
    /// Postal address.
    pub post: Option<String>,
    /// What happens next.
    pub after: Option<String>,
}

impl From<RawConsultationText> for ConsultationText {
    fn from(raw: RawConsultationText) -> Self {
        let per_r = |questions: Option<RawQuestions>| {
            let questions = questions.unwrap_or_default();
            [questions.realise, questions.recognise, questions.react]
        };
        ConsultationText {
            title: raw.title,
            who: raw.who,
            questions: per_r(raw.questions),
            local_questions: per_r(raw.local_questions),
            post: raw.respond.and_then(|respond| respond.post),
            after: raw.after,
        }
    }
}

const KEY: &str = "consultation";

impl Validator<'_> {
    /// Validates `consultation:`; every problem is an error at its key.
    pub(super) fn consultation(&mut self, raw: Option<RawConsultation>) -> Option<Consultation> {
        let raw = raw?;
        let title = self.consultation_text(raw.title, "title");
        let opens = self.consultation_date(raw.opens, "opens");
        let closes = self.consultation_date(raw.closes, "closes");
        if let (Some(opens), Some(closes)) = (opens, closes) {
            if closes < opens {
                self.error(
                    &[KEY, "closes"],
                    format!("the conversation closes ({closes}) before it opens ({opens})"),
                    "`closes:` is the last day responses are taken; it must be on or after `opens:`",
                );
            }
        }
        let respond_key: &[&str] = match raw.respond {
            Some(_) => &[KEY, "respond"],
            None => &[KEY],
        };
        let respond = raw.respond.unwrap_or_default();
        let form = respond
            .form
            .map(|url| self.https(url, &[KEY, "respond", "form"]));
        let email = respond.email.inspect(|email| self.email(email));
        if form.is_none() && email.is_none() && respond.post.is_none() {
            self.error(
                respond_key,
                "the conversation has no way to respond".into(),
                "add `respond:` with at least one of `form:` (an https address), `email:` or `post:`",
            );
        }
        let privacy_notice = raw
            .privacy_notice
            .map(|url| self.https(url, &[KEY, "privacy_notice"]));
        let questions = ConsultationText::from(RawConsultationText {
            questions: raw.questions,
            local_questions: raw.local_questions,
            ..RawConsultationText::default()
        });
        Some(Consultation {
            title,
            opens: opens?,
            closes: closes?,
            who: raw.who,
            questions: questions.questions.map(Option::unwrap_or_default),
            local_questions: questions.local_questions.map(Option::unwrap_or_default),
            form,
            email,
            post: respond.post,
            privacy_notice,
            after: raw.after.filter(|after| !after.trim().is_empty()),
        })
    }

    fn consultation_text(&mut self, value: Option<String>, key: &str) -> String {
        match value {
            Some(text) if !text.trim().is_empty() => text,
            _ => {
                self.error(
                    &[KEY],
                    format!("consultation.{key} is missing"),
                    &format!("add `{key}:` under `consultation:`"),
                );
                String::new()
            }
        }
    }

    fn consultation_date(&mut self, value: Option<String>, key: &str) -> Option<Date> {
        let Some(text) = value else {
            self.error(
                &[KEY],
                format!("consultation.{key} is missing"),
                &format!("add `{key}: YYYY-MM-DD` under `consultation:`"),
            );
            return None;
        };
        let date = Date::parse(&text);
        if date.is_none() {
            self.error(
                &[KEY, key],
                format!("\"{text}\" is not a date"),
                "write dates as YYYY-MM-DD, for example 2027-01-26",
            );
        }
        date
    }

    fn https(&mut self, url: String, key_path: &[&str]) -> String {
        let ok = url
            .strip_prefix("https://")
            .is_some_and(|rest| rest.contains('.') && !rest.contains(char::is_whitespace));
        if !ok {
            self.error(
                key_path,
                format!("\"{url}\" is not an https web address"),
                "responses are personal: link only to an https address, so no one can read or change them on the way",
            );
        }
        url
    }

    fn email(&mut self, email: &str) {
        let valid = email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !email.contains(char::is_whitespace)
        });
        if !valid {
            self.error(
                &[KEY, "respond", "email"],
                format!("\"{email}\" is not an e-mail address"),
                "write it like consultation@example.gov.uk",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::base::date::Date;
    use crate::load::config::parse;

    use super::State;

    const SITE: &str = "title: T\nbase_url: https://e.org\n";

    fn with(consultation: &str) -> String {
        format!("{SITE}consultation:\n{consultation}")
    }

    #[test]
    fn a_conversation_has_three_states_from_the_build_date() {
        let config = parse(
            &with("  title: Have your say\n  opens: 2026-12-01\n  closes: 2027-01-26\n  respond: { email: say@e.org }\n"),
            None,
        )
        .unwrap();
        let consultation = config.consultation.unwrap();
        let on = |date: &str| consultation.state(Date::parse(date).unwrap());
        assert_eq!(on("2026-11-30"), State::NotYetOpen);
        assert_eq!(on("2026-12-01"), State::Open);
        assert_eq!(on("2027-01-26"), State::Open);
        assert_eq!(on("2027-01-27"), State::Closed);
    }

    #[test]
    fn closing_before_opening_is_an_error_at_closes() {
        let errors = parse(
            &with("  title: T\n  opens: 2027-01-26\n  closes: 2026-12-01\n  respond: { post: \"1 High St\" }\n"),
            None,
        )
        .unwrap_err();
        assert_eq!(
            errors[0].message,
            "the conversation closes (2026-12-01) before it opens (2027-01-26)"
        );
        assert_eq!((errors[0].line, errors[0].column), (6, 11));
    }

    #[test]
    fn no_response_route_and_a_plain_http_form_are_errors_at_their_lines() {
        let errors = parse(
            &with("  title: T\n  opens: 2026-12-01\n  closes: 2027-01-26\n"),
            None,
        )
        .unwrap_err();
        assert_eq!(errors[0].message, "the conversation has no way to respond");
        assert_eq!(
            errors[0].line, 3,
            "at `consultation:` when there is no `respond:`"
        );
        let errors = parse(
            &with("  title: T\n  opens: 2026-12-01\n  closes: 2027-01-26\n  respond:\n    form: http://e.org/form\n"),
            None,
        )
        .unwrap_err();
        assert_eq!(
            errors[0].message,
            "\"http://e.org/form\" is not an https web address"
        );
        assert_eq!((errors[0].line, errors[0].column), (8, 11));
    }
}

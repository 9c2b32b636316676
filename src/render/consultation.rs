//! The national conversation on the page: the banner every page carries
//! while it is open, and the generated have-your-say page (what is asked
//! under each R, the dates, how to respond, and a safeguarding notice beside
//! the response routes: someone may try to tell us about abuse through a
//! consultation).

use super::context::PageContext;
use serde_json::{json, Value};

use super::{pages::Picked, Renderer};
use crate::base::date::Date;
use crate::load::config::{Consultation, State, R};

impl Renderer<'_> {
    /// The banner's words while the conversation is open, else nothing.
    pub(super) fn consultation_banner(&self) -> Option<Value> {
        let consultation = self.config.consultation.as_ref()?;
        (consultation.state(self.today) == State::Open).then(|| {
            json!({
                "title": consultation.title,
                "dates": self.dated("consultation_closes", "This consultation closes at 11:59pm on {date}.", consultation.closes),
                "url": self.views.url(&self.urls.have_your_say()),
            })
        })
    }

    /// "26 January 2027", with month names in this language.
    pub(super) fn long_date(&self, date: Date) -> String {
        let month = self.string(&format!("month_{:02}", date.month), "");
        format!("{} {month} {}", date.day, date.year)
    }

    fn dated(&self, key: &str, fallback: &str, date: Date) -> String {
        self.string(key, fallback)
            .replace("{date}", &self.long_date(date))
    }

    pub(super) fn have_your_say(&self, context: &mut PageContext<'_>) -> Picked {
        let Some(consultation) = self.config.consultation.as_ref() else {
            return ("have-your-say.html", String::new(), String::new());
        };
        let state = consultation.state(self.today);
        let dates = match state {
            State::NotYetOpen => self.dated(
                "consultation_opens",
                "This consultation opens on {date}.",
                consultation.opens,
            ),
            State::Open => self.dated(
                "consultation_closes",
                "This consultation closes at 11:59pm on {date}.",
                consultation.closes,
            ),
            State::Closed => self.dated(
                "consultation_closed",
                "This consultation closed on {date}.",
                consultation.closes,
            ),
        };
        context.insert("kind", "have_your_say");
        context.insert(
            "consultation",
            &json!({
                "state": state.key(),
                "title": consultation.title,
                "dates": dates,
                "who": consultation.who,
                "questions": self.questions(consultation),
                "local_heading": self
                    .string("consultation_local_questions", "Questions from {organisation}")
                    .replace("{organisation}", &self.config.organisation_name),
                "respond": {
                    "form": consultation.form,
                    "email": consultation.email,
                    "post": consultation.post,
                },
                "privacy_notice": consultation.privacy_notice,
                "after": consultation.after,
            }),
        );
        let title = self.string("have_your_say_title", "Have your say");
        let description = self
            .string(
                "have_your_say_description",
                "{title}: what we are asking, and how to respond.",
            )
            .replace("{title}", &consultation.title);
        ("have-your-say.html", title, description)
    }

    /// Each R with its national and local questions, and a link to its hub.
    fn questions(&self, consultation: &Consultation) -> Vec<Value> {
        R::ALL
            .iter()
            .filter(|r| {
                !(consultation.questions[r.index()].is_empty()
                    && consultation.local_questions[r.index()].is_empty())
            })
            .map(|&r| {
                let view = self.views.r(r);
                json!({
                    "read_more": self
                        .string("consultation_read_more", "Read more about {r}")
                        .replace("{r}", &view.title),
                    "r": view,
                    "national": consultation.questions[r.index()],
                    "local": consultation.local_questions[r.index()],
                })
            })
            .collect()
    }
}

//! The page form: its fields read from a page's file, from a posted form,
//! and written back as front-matter values. The fields are the page model's
//! own keys (the ones `content::front_matter` reads), not a configuration;
//! a translation's form has only the keys a translation may set.

use super::front_matter::{PageText, Value};

/// The keys a translation sets itself (the rest comes from its original).
pub const TRANSLATION_KEYS: &[&str] = &["title", "description", "slug", "draft"];

/// What the page form holds, as text, the way a browser posts it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageForm {
    /// `title:`.
    pub title: String,
    /// `description:`.
    pub description: String,
    /// `rs:` (keys).
    pub rs: Vec<String>,
    /// `audiences:` (keys).
    pub audiences: Vec<String>,
    /// `signposts:` (service ids).
    pub signposts: Vec<String>,
    /// `weight:` as typed.
    pub weight: String,
    /// `date:` (YYYY-MM-DD).
    pub date: String,
    /// `updated:`.
    pub updated: String,
    /// `review_by:`.
    pub review_by: String,
    /// `draft:`.
    pub draft: bool,
    /// `slug:`.
    pub slug: String,
    /// `standalone:`.
    pub standalone: bool,
    /// `image:`.
    pub image: String,
    /// `image_alt:`.
    pub image_alt: String,
    /// The Markdown body.
    pub body: String,
}

impl PageForm {
    /// The form for a page's text as its file has it.
    pub fn from_text(text: &PageText) -> PageForm {
        let yaml: serde_yaml::Mapping = serde_yaml::from_str(text.yaml()).unwrap_or_default();
        let text_of = |key: &str| yaml.get(key).map(scalar_text).unwrap_or_default();
        let list_of = |key: &str| match yaml.get(key) {
            Some(serde_yaml::Value::Sequence(items)) => items.iter().map(scalar_text).collect(),
            _ => Vec::new(),
        };
        let flag_of = |key: &str| matches!(yaml.get(key), Some(serde_yaml::Value::Bool(true)));
        PageForm {
            title: text_of("title"),
            description: text_of("description"),
            rs: list_of("rs"),
            audiences: list_of("audiences"),
            signposts: list_of("signposts"),
            weight: text_of("weight"),
            date: text_of("date"),
            updated: text_of("updated"),
            review_by: text_of("review_by"),
            draft: flag_of("draft"),
            slug: text_of("slug"),
            standalone: flag_of("standalone"),
            image: text_of("image"),
            image_alt: text_of("image_alt"),
            body: text.body().to_string(),
        }
    }

    /// The form as a browser posted it (`application/x-www-form-urlencoded`);
    /// fields it does not know are ignored.
    pub fn from_post(pairs: &[(String, String)]) -> PageForm {
        let mut form = PageForm::default();
        for (name, value) in pairs {
            let value = value.clone();
            match name.as_str() {
                "title" => form.title = value.trim().to_string(),
                "description" => form.description = value.trim().to_string(),
                "rs" => form.rs.push(value),
                "audiences" => form.audiences.push(value),
                "signposts" => form.signposts.push(value),
                "weight" => form.weight = value.trim().to_string(),
                "date" => form.date = value.trim().to_string(),
                "updated" => form.updated = value.trim().to_string(),
                "review_by" => form.review_by = value.trim().to_string(),
                "draft" => form.draft = value == "true",
                "slug" => form.slug = value.trim().to_string(),
                "standalone" => form.standalone = value == "true",
                "image" => form.image = value.trim().to_string(),
                "image_alt" => form.image_alt = value.trim().to_string(),
                "body" => form.body = value,
                _ => {}
            }
        }
        form
    }

    /// Every key the form sets, with its value (`None`: leave it out).
    /// An empty field leaves its key out; a weight that is not a number is
    /// written as typed, so the build's own check reports it at its line.
    pub fn fields(&self, translation: bool) -> Vec<(&'static str, Option<Value>)> {
        let text = |value: &str| (!value.is_empty()).then(|| Value::Text(value.to_string()));
        let list = |values: &[String]| (!values.is_empty()).then(|| Value::List(values.to_vec()));
        let flag = |value: bool| value.then_some(Value::Flag(true));
        let weight = match self.weight.parse::<i64>() {
            Ok(number) => Some(Value::Number(number)),
            Err(_) => text(&self.weight),
        };
        let all = vec![
            ("title", Some(Value::Text(self.title.clone()))),
            ("description", Some(Value::Text(self.description.clone()))),
            ("rs", list(&self.rs)),
            ("audiences", list(&self.audiences)),
            ("signposts", list(&self.signposts)),
            ("weight", weight),
            ("date", text(&self.date)),
            ("updated", text(&self.updated)),
            ("review_by", text(&self.review_by)),
            ("draft", flag(self.draft)),
            ("slug", text(&self.slug)),
            ("standalone", flag(self.standalone)),
            ("image", text(&self.image)),
            ("image_alt", text(&self.image_alt)),
        ];
        all.into_iter()
            .filter(|(key, _)| !translation || TRANSLATION_KEYS.contains(key))
            .collect()
    }

    /// The page's text with this form's values: only changed keys and a
    /// changed body differ from `text`.
    pub fn apply(&self, text: &PageText, translation: bool) -> PageText {
        let mut edited = text.clone();
        edited.set_fields(&self.fields(translation));
        edited.set_body(&self.body);
        edited
    }
}

/// A scalar as the text a form field shows.
fn scalar_text(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(text) => text.clone(),
        serde_yaml::Value::Number(number) => number.to_string(),
        serde_yaml::Value::Bool(flag) => flag.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const PAGE: &str = "---\ntitle: Signs\ndescription: What to look for.\nrs: [recognise]\n# who it is for\naudiences: [parents]\nweight: \"10\"\ndraft: false\nexample: true\n---\n\nBody.\n";

    fn text() -> PageText {
        PageText::parse(PAGE, Path::new("content/signs.md")).unwrap()
    }

    #[test]
    fn a_form_posted_back_unchanged_changes_no_byte() {
        let form = PageForm::from_text(&text());
        assert_eq!(form.weight, "10");
        assert!(!form.draft);
        assert_eq!(form.apply(&text(), false).text(), PAGE);
    }

    #[test]
    fn a_posted_form_sets_what_changed_and_keeps_keys_it_does_not_know() {
        let pairs: Vec<(String, String)> = [
            ("title", " Signs of harm "),
            ("description", "What to look for."),
            ("rs", "recognise"),
            ("audiences", "parents"),
            ("audiences", "professionals"),
            ("weight", "10"),
            ("draft", "true"),
            ("body", "\r\nBody.\r\n"),
            ("unknown", "ignored"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let form = PageForm::from_post(&pairs);
        let edited = form.apply(&text(), false);
        assert_eq!(
            edited.text(),
            PAGE.replace("title: Signs\n", "title: Signs of harm\n")
                .replace(
                    "audiences: [parents]",
                    "audiences: [parents, professionals]"
                )
                .replace("draft: false", "draft: true")
        );
    }

    #[test]
    fn a_translation_s_form_sets_only_what_a_translation_may() {
        let mut form = PageForm::from_text(&text());
        form.rs = vec!["react".into()];
        form.title = "Arwyddion".into();
        let edited = form.apply(&text(), true);
        assert!(edited.text().contains("title: Arwyddion\n"));
        assert!(edited.text().contains("rs: [recognise]\n"));
    }

    #[test]
    fn a_weight_that_is_not_a_number_is_kept_as_typed() {
        let mut form = PageForm::from_text(&text());
        form.weight = "ten".into();
        // The file wrote it in quotes, so the new text is quoted too.
        assert!(form
            .apply(&text(), false)
            .text()
            .contains("weight: \"ten\"\n"));
    }
}

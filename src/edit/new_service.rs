//! A new help service from the editor: its name (which makes its id),
//! what it does, how urgent it is, whether it is local or national, a way
//! to reach it, and the editor's word that the details were checked with
//! the service today (the directory needs the date of that check). It is
//! added as a new `- ` item at the end of the site's own `local.yaml` or
//! `national.yaml`, leaving every other byte of the file as it was.

use std::path::{Path, PathBuf};

use super::create::{hyphenated, FieldError};
use super::front_matter::Value;
use super::Snapshot;
use crate::load::signpost::SIGNPOST_DIR;

/// What the new-service form holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewService {
    /// `name:`.
    pub name: String,
    /// `description:`.
    pub description: String,
    /// `priority:` (`emergency`, `urgent`, `support`).
    pub priority: String,
    /// `area:` (`local`, `national`).
    pub area: String,
    /// `phone:`.
    pub phone: String,
    /// `web:`.
    pub web: String,
    /// The editor checked the details with the service today.
    pub checked: bool,
}

impl NewService {
    /// The form as a browser posted it.
    pub fn from_post(pairs: &[(String, String)]) -> NewService {
        let mut form = NewService::default();
        for (name, value) in pairs {
            let value = value.trim().to_string();
            match name.as_str() {
                "name" => form.name = value,
                "description" => form.description = value,
                "priority" => form.priority = value,
                "area" => form.area = value,
                "phone" => form.phone = value,
                "web" => form.web = value,
                "checked" => form.checked = value == "true",
                _ => {}
            }
        }
        form
    }

    /// The id made from its name (`Northfield Family Line` →
    /// `northfield-family-line`).
    pub fn id(&self) -> String {
        hyphenated(&self.name)
    }

    /// The file it is added to: the site's own directory file for its area.
    pub fn file(&self) -> PathBuf {
        let name = match self.area.as_str() {
            "national" => "national.yaml",
            _ => "local.yaml",
        };
        Path::new(SIGNPOST_DIR).join(name)
    }

    /// Each problem on its field.
    pub fn problems(&self, snapshot: &Snapshot) -> Vec<FieldError> {
        let mut problems = Vec::new();
        let mut push = |field: &'static str, message: &str| {
            problems.push(FieldError {
                field,
                message: message.to_string(),
            })
        };
        if self.name.is_empty() {
            push("name", "Enter the service's name");
        } else if self.id().is_empty() {
            push("name", "Enter a name with letters or numbers in it");
        } else if snapshot
            .service_entries
            .iter()
            .any(|entry| entry.service_id == self.id())
        {
            push("name", "The help directory already has a service with this name: choose a different name, or change that one");
        }
        if self.description.is_empty() {
            push("description", "Say what the service does, and for whom");
        }
        if !matches!(self.priority.as_str(), "emergency" | "urgent" | "support") {
            push("priority", "Choose how urgent it is");
        }
        if !matches!(self.area.as_str(), "local" | "national") {
            push("area", "Choose where it works");
        }
        if self.phone.is_empty() && self.web.is_empty() {
            push(
                "phone",
                "Enter a phone number or a website, so people can reach it",
            );
        }
        if !self.checked {
            push(
                "checked",
                "Tick the box once you have checked these details with the service today",
            );
        }
        problems
    }

    /// The service as a new item, in the shape of the example's.
    pub fn item(&self, today: &str) -> String {
        let mut item = String::new();
        let mut first = true;
        let mut key = |name: &str, value: &str| {
            if value.is_empty() {
                return;
            }
            let lead = if first { "- " } else { "  " };
            first = false;
            let written = match name {
                // Numbers stay quoted, as the directory writes them.
                "phone" => serde_json::Value::String(value.to_string()).to_string(),
                _ => Value::Text(value.to_string()).to_yaml(),
            };
            item.push_str(&format!("{lead}{name}: {written}\n"));
        };
        key("id", &self.id());
        key("name", &self.name);
        key("description", &self.description);
        key("priority", &self.priority);
        key("area", &self.area);
        key("phone", &self.phone);
        key("web", &self.web);
        key("verified", today);
        item
    }

    /// `existing` (the file's text, if it has one) with the item added at
    /// its end after a blank line; every byte before stays.
    pub fn appended(&self, existing: Option<&str>, today: &str) -> String {
        let mut text = existing.unwrap_or_default().to_string();
        if !text.is_empty() {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            if !text.ends_with("\n\n") {
                text.push('\n');
            }
        }
        text.push_str(&self.item(today));
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service() -> NewService {
        NewService {
            name: "Northfield Family Line".into(),
            description: "Advice for families in Northfield: 12.5% faster".into(),
            priority: "urgent".into(),
            area: "local".into(),
            phone: "01296 383962".into(),
            web: String::new(),
            checked: true,
        }
    }

    #[test]
    fn a_new_service_is_an_item_added_after_every_byte_of_the_file() {
        let existing = "# Local services.\n- id: one\n  name: One";
        let text = service().appended(Some(existing), "2026-12-04");
        assert_eq!(
            text,
            "# Local services.\n- id: one\n  name: One\n\n- id: northfield-family-line\n  name: Northfield Family Line\n  description: \"Advice for families in Northfield: 12.5% faster\"\n  priority: urgent\n  area: local\n  phone: \"01296 383962\"\n  verified: 2026-12-04\n"
        );
        assert!(service()
            .appended(None, "2026-12-04")
            .starts_with("- id: northfield-family-line\n"));
        assert_eq!(service().file(), Path::new("content/_signposts/local.yaml"));
        let parsed: Vec<serde_yaml::Mapping> = serde_yaml::from_str(&text).unwrap();
        assert_eq!(parsed.len(), 2);
    }

    #[test]
    fn an_empty_form_names_each_field_to_fill() {
        let snapshot = Snapshot::empty();
        let fields: Vec<&str> = NewService::default()
            .problems(&snapshot)
            .iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                "name",
                "description",
                "priority",
                "area",
                "phone",
                "checked"
            ]
        );
        assert!(service().problems(&snapshot).is_empty());
    }
}

//! The forms: one `Form` screen over the shared field type (`field`), and one small file per
//! form declaring its fields and building its effects (`report`, `measure`, `item`,
//! `decision`, `meeting`). Submitting previews the commit; the confirmation pushed on top
//! makes it. Pure, like every screen.

pub mod decision;
pub mod field;
pub mod item;
pub mod landmark;
mod list_view;
pub mod lists;
pub mod measure;
pub mod meeting;
pub mod observation;
pub mod person;
pub mod report;
pub mod target;
pub mod text;
pub mod unit;
mod view;

use std::fmt::Debug;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

pub use field::{Choice, Field, Input, Inputs, Pick, Value, list_entries};
pub use text::TextField;

use super::action::{Action, Effect};
use super::component::{Closes, Outcome, Screen};
use super::ctx::Ctx;
use super::keys::{Binding, Key, Section, bind, more};
use super::screens::confirm::ConfirmScreen;
use crate::model::Lang;

/// What one form is: its title, fields, notes and the effects it submits.
pub trait Spec: std::any::Any + Debug {
    /// The title of the form's box.
    fn title(&self, ctx: &Ctx) -> String;

    /// The fields shown, in order.
    fn fields(&self, inputs: &Inputs) -> Vec<Field>;

    /// Called after the choice in `field` moved; returns whether that counts as a change of
    /// the form (the report form's cycle refills the form instead, while it is untouched).
    fn chosen(&self, _field: Field, _inputs: &mut Inputs, _touched: bool, _ctx: &Ctx) -> bool {
        true
    }

    /// A note under the fields, for the forms whose rules are not obvious.
    fn hint(&self, _inputs: &Inputs, _lang: Lang) -> Option<&'static str> {
        None
    }

    /// Whether `field` still holds a default the plan does not give (marked 默认).
    fn assumed(&self, _field: Field, _inputs: &Inputs, _ctx: &Ctx) -> bool {
        false
    }

    /// The preview and the commit of what the form holds, or why it cannot be sent.
    fn submit(&self, inputs: &Inputs, ctx: &Ctx) -> Result<Submission, String>;
}

/// The two effects of a submitted form.
#[derive(Debug, Clone)]
pub struct Submission {
    /// Asks the store for the commit's summary.
    pub preview: Effect,
    /// Makes the commit, once confirmed.
    pub commit: Effect,
}

/// A form on screen: its fields and the focused one (each text input keeps its own caret and
/// undo history).
#[derive(Debug)]
pub struct Form {
    spec: Box<dyn Spec>,
    pub inputs: Inputs,
    /// The focused field.
    pub field: Field,
    /// Whether the user typed or chose anything yet.
    pub touched: bool,
    /// A validation error shown in the form.
    pub error: Option<String>,
    /// Esc was pressed once on a changed form: a second Esc discards it.
    pub discard_asked: bool,
    /// A name the roster lacks is being added from this form: the form stays open under that
    /// commit, its input kept.
    detour: bool,
}

impl Form {
    /// A form of `spec` over `inputs`, focused on `field`.
    pub fn new(spec: impl Spec + 'static, inputs: Inputs, field: Field) -> Form {
        let mut form = Form {
            spec: Box::new(spec),
            inputs,
            field,
            touched: false,
            error: None,
            discard_asked: false,
            detour: false,
        };
        form.focus(field);
        form
    }

    /// The spec of the form, to look at as its own type.
    pub fn spec<T: Spec + 'static>(&self) -> Option<&T> {
        (self.spec.as_ref() as &dyn std::any::Any).downcast_ref::<T>()
    }

    /// The fields shown, in order.
    pub fn fields(&self) -> Vec<Field> {
        self.spec.fields(&self.inputs)
    }

    /// The text of `field`.
    pub fn text(&self, field: Field) -> &str {
        self.inputs.text(field)
    }

    /// The preview and the commit of what the form holds, or why it cannot be sent.
    pub fn submission(&self, ctx: &Ctx) -> Result<Submission, String> {
        self.spec.submit(&self.inputs, ctx)
    }

    /// Moves to `field` with the caret at the end of its text.
    pub(crate) fn focus(&mut self, field: Field) {
        self.field = field;
        if let Some(t) = self.inputs.text_mut(field) {
            t.to_end();
        }
    }

    /// The caret in the focused field, in characters of its text.
    pub fn cursor(&self) -> usize {
        self.inputs
            .text_field(self.field)
            .map_or(0, TextField::cursor)
    }

    /// Applies `edit` to the focused text input; a change touches the form.
    fn edit(&mut self, edit: impl FnOnce(&mut TextField) -> bool) -> bool {
        let field = self.field;
        let Some(t) = self.inputs.text_mut(field) else {
            return false;
        };
        if !edit(t) {
            return false;
        }
        self.touched = true;
        // Typing in a pick list narrows the options: the first match is shown again.
        if let Some(p) = self.inputs.picks_mut(field) {
            p.at = 0;
        }
        true
    }

    /// Moves the caret of the focused text input.
    fn caret(&mut self, motion: impl FnOnce(&mut TextField)) {
        if let Some(t) = self.inputs.text_mut(self.field) {
            motion(t);
        }
    }

    fn insert(&mut self, c: char) {
        // Space in a pick list picks or drops the option shown.
        if c == ' ' && self.inputs.toggle(self.field) {
            self.touched = true;
            self.focus(self.field);
            return;
        }
        self.edit(|t| t.insert(c));
    }

    /// ◂▸ on the focused field: the next choice, a name from the roster, or the caret.
    fn step(&mut self, forward: bool, ctx: &Ctx) {
        let field = self.field;
        if self.inputs.step_in(field, forward) {
            self.touched = true;
            self.focus(field);
            return;
        }
        if let Some(choice) = self.inputs.choice_mut(field) {
            choice.step(forward);
            if self.spec.chosen(field, &mut self.inputs, self.touched, ctx) {
                self.touched = true;
            }
            return;
        }
        let roster = &ctx.plan.roster;
        let names: Vec<&str> = if field.picks_people() {
            roster.people.iter().map(|p| p.name.as_str()).collect()
        } else {
            roster.units.iter().map(|u| u.name.as_str()).collect()
        };
        if !field.picks_names() || names.is_empty() {
            self.caret(|t| if forward { t.right() } else { t.left() });
            return;
        }
        let Some(text) = self.inputs.text_field(field).map(|t| t.to_string()) else {
            return;
        };
        // In a list, the last entry cycles through the roster's units; type 、 to start
        // another.
        let cut = if field.is_list() {
            text.char_indices()
                .filter(|(_, c)| matches!(c, '、' | ',' | '，' | ';' | '；'))
                .map(|(i, c)| i + c.len_utf8())
                .next_back()
                .unwrap_or(0)
        } else {
            0
        };
        let last = text[cut..].trim().to_string();
        // The entries before the last: a unit listed already is skipped, and a new entry
        // starts after the one before it (the roster's order), not from the first unit again.
        let earlier = list_entries(&text[..cut]);
        let n = names.len();
        let start = names.iter().position(|&x| x == last).or_else(|| {
            let before = earlier.last()?;
            names.iter().position(|x| x == before)
        });
        let mut next = match start {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None if forward => 0,
            None => n - 1,
        };
        for _ in 0..n {
            if !earlier.iter().any(|e| e == names[next]) {
                break;
            }
            next = if forward {
                (next + 1) % n
            } else {
                (next + n - 1) % n
            };
        }
        let picked = format!("{}{}", &text[..cut], names[next]);
        self.inputs.set_text(field, picked);
        self.touched = true;
        self.focus(field);
    }

    /// Moves to `field`, on its first line going forward and its last going back.
    fn enter(&mut self, field: Field, forward: bool) {
        self.inputs.enter(field, forward);
        self.focus(field);
    }

    /// ↑↓ (and Tab, Enter) inside a dated list: a typed entry is added first, then the focus
    /// goes line by line; false when the focus leaves the field.
    fn move_in_list(&mut self, action: &Action, lang: Lang) -> bool {
        let field = self.field;
        let forward = matches!(action, Action::NextField);
        let Some(list) = self.inputs.dated_mut(field) else {
            return false;
        };
        if forward && list.on_draft() {
            match list.take_draft() {
                Ok(false) => return false,
                Ok(true) => self.touched = true,
                Err(e) => self.error = Some(list_view::draft_error(e, lang)),
            }
        } else if !list.move_line(forward) {
            return false;
        }
        self.focus(field);
        true
    }

    fn update_keys(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let lang = ctx.lang;
        self.error = None;
        let fields = self.fields();
        let position = fields.iter().position(|&f| f == self.field).unwrap_or(0);
        match action {
            Action::NextField | Action::PrevField if self.move_in_list(&action, lang) => {}
            Action::NextField => self.enter(fields[(position + 1) % fields.len()], true),
            Action::PrevField => {
                self.enter(fields[(position + fields.len() - 1) % fields.len()], false)
            }
            Action::Home => self.caret(TextField::home),
            Action::End => self.caret(TextField::end),
            Action::ChoiceNext => self.step(true, ctx),
            Action::ChoicePrev => self.step(false, ctx),
            Action::Input(c) => self.insert(c),
            Action::Paste(text) => {
                // Only the long fields take line breaks; elsewhere they become spaces.
                self.edit(|t| t.paste(&text));
            }
            Action::DeleteChar => {
                self.edit(TextField::delete_back);
            }
            Action::DeleteForward => {
                self.edit(TextField::delete_forward);
            }
            Action::DeleteWord => {
                self.edit(TextField::delete_word);
            }
            Action::WordLeft => self.caret(TextField::word_left),
            Action::WordRight => self.caret(TextField::word_right),
            Action::Undo if !self.edit(TextField::undo) => {
                self.error = Some(lang.pick("没有可撤销的输入", "nothing to undo").into());
            }
            Action::Redo if !self.edit(TextField::redo) => {
                self.error = Some(lang.pick("没有可重做的输入", "nothing to redo").into());
            }
            Action::NewLine if self.field.is_long() => self.insert('\n'),
            Action::EditExternally if self.inputs.is_text(self.field) => {
                return Outcome::effect(Effect::EditExternally(self.text(self.field).to_string()));
            }
            Action::Submit => match self.submission(ctx) {
                // A name the roster lacks is offered for adding first.
                Ok(s) => match person::offer(&fields, &self.inputs, ctx) {
                    Some(offer) => {
                        self.detour = true;
                        return Outcome::push(offer);
                    }
                    None => return Outcome::effect(s.preview),
                },
                Err(e) => self.error = Some(e),
            },
            Action::Cancel if self.touched && !self.discard_asked => {
                self.discard_asked = true;
                self.error = Some(
                    lang.pick(
                        "表单已修改：再按 Esc 放弃修改，按其他键继续编辑",
                        "the form has changes: press Esc again to discard them, any other key to go on",
                    )
                    .into(),
                );
                return Outcome::none();
            }
            Action::Cancel => return Outcome::pop(),
            _ => {}
        }
        self.discard_asked = false;
        Outcome::none()
    }
}

impl Screen for Form {
    fn keys(&self) -> &'static [Binding] {
        FORM_KEYS
    }

    fn takes_text(&self) -> bool {
        true
    }

    fn overlay(&self) -> bool {
        true
    }

    fn closes(&self) -> Closes {
        if self.detour {
            Closes::Never
        } else {
            Closes::OnCommit
        }
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        self.detour = false;
        match action {
            // The form cannot change under its preview, so the commit is the one previewed.
            Action::Previewed(summary) => match self.submission(ctx) {
                Ok(s) => Outcome::push(ConfirmScreen::commit(summary, s.commit)),
                Err(e) => Outcome::error(e),
            },
            Action::EditedExternally(text) => {
                let field = self.field;
                if let Some(t) = self.inputs.text_mut(field) {
                    t.set(text.trim_end_matches('\n'));
                    self.touched = true;
                    self.focus(field);
                }
                Outcome::none()
            }
            action => self.update_keys(action, ctx),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        self.draw(area, buf, ctx, ctx.top);
    }
}

/// A form's title: ` 填报 A3-02 标题 `.
fn title(word: &str, id: &str, rest: &str) -> String {
    format!(" {word} {id} {rest} ")
}

/// The forms (other keys type text into the current field).
pub const FORM_KEYS: &[Binding] = &[
    bind(
        &[
            Key::plain(KeyCode::Tab),
            Key::plain(KeyCode::Down),
            Key::plain(KeyCode::Enter),
        ],
        Action::NextField,
        "下一项",
        "next field",
    ),
    more(
        &[Key::plain(KeyCode::BackTab), Key::plain(KeyCode::Up)],
        Action::PrevField,
        "上一项",
        "previous field",
    ),
    bind(
        &[Key::plain(KeyCode::Right)],
        Action::ChoiceNext,
        "选项/光标右移",
        "choose / cursor right",
    ),
    more(
        &[Key::plain(KeyCode::Left)],
        Action::ChoicePrev,
        "上一选项/光标左移",
        "previous choice",
    ),
    more(
        &[Key::plain(KeyCode::Backspace)],
        Action::DeleteChar,
        "删除",
        "delete",
    ),
    more(
        &[Key::plain(KeyCode::Home)],
        Action::Home,
        "到行首",
        "to start",
    ),
    more(&[Key::plain(KeyCode::End)], Action::End, "到行尾", "to end"),
    more(
        &[Key::plain(KeyCode::Delete), Key::ctrl('d')],
        Action::DeleteForward,
        "删除后一字",
        "delete forward",
    ),
    more(
        &[Key::ctrl('w'), Key::alt(KeyCode::Backspace)],
        Action::DeleteWord,
        "删除前一词",
        "delete word",
    ),
    more(
        &[Key::ctrl_key(KeyCode::Left), Key::alt(KeyCode::Char('b'))],
        Action::WordLeft,
        "左移一词",
        "word left",
    ),
    more(
        &[Key::ctrl_key(KeyCode::Right), Key::alt(KeyCode::Char('f'))],
        Action::WordRight,
        "右移一词",
        "word right",
    ),
    more(&[Key::ctrl('z')], Action::Undo, "撤销输入", "undo typing"),
    more(&[Key::ctrl('y')], Action::Redo, "重做输入", "redo typing"),
    more(
        &[Key::alt(KeyCode::Enter), Key::ctrl('j')],
        Action::NewLine,
        "换行",
        "new line",
    ),
    bind(
        &[Key::ctrl('e')],
        Action::EditExternally,
        "用外部编辑器编辑",
        "edit in an editor",
    ),
    bind(
        &[Key::ctrl('s'), Key::plain(KeyCode::F(2))],
        Action::Submit,
        "提交",
        "submit",
    ),
    bind(
        &[Key::plain(KeyCode::Esc)],
        Action::Cancel,
        "取消",
        "cancel",
    ),
];

/// The forms in the help.
pub const SECTION: Section = Section {
    zh: "表单（e 填报，m 调整，u 更新议定事项，n 召开会议，d 新增议定事项）",
    en: "Forms (e report, m measure, u action item, n meeting, d decision)",
    keys: FORM_KEYS,
};

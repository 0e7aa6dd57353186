//! One key table per mode. The help overlay and the footer hints are built from these tables,
//! so they cannot drift from the bindings.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::model::{Lang, Light};

/// What the keys currently drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Tree,
    Search,
    Filter,
    Form,
    Confirm,
    History,
    ConfirmUndo,
    /// The review since the last meeting of a kind.
    Review,
    /// The open meeting of a kind: its agenda.
    Meeting,
    /// The minutes of the open meeting as they would be written now.
    Minutes,
    /// The confirmation before a meeting is closed.
    ConfirmClose,
    /// The 24 indicators.
    Indicators,
    /// 催办: what has not reported or is overdue, by lead unit, with a notice per unit.
    Remind,
    /// Returned ledger workbooks: preview, then commit one.
    Import,
    Help,
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }
    const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }
    const fn ctrl_key(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::CONTROL,
        }
    }
    const fn alt(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::ALT,
        }
    }

    /// How the key is written in help and hints.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("C-{base}")
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("M-{base}")
        } else {
            base
        }
    }

    fn matches(self, event: &KeyEvent) -> bool {
        // Shift is part of the character for letters and of BackTab, so it is ignored.
        let mods = event.modifiers - KeyModifiers::SHIFT;
        self.code == event.code && self.mods == mods
    }
}

/// A key table row: the keys, the action, and its label in both languages.
#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub zh: &'static str,
    pub en: &'static str,
    /// Shown in the footer hints (every binding is in the help overlay).
    pub hint: bool,
}

impl Binding {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }

    /// Every key of the binding, as `j/↓`.
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join("/")
    }
}

const fn bind(keys: &'static [Key], action: Action, zh: &'static str, en: &'static str) -> Binding {
    Binding {
        keys,
        action,
        zh,
        en,
        hint: true,
    }
}

const fn more(keys: &'static [Key], action: Action, zh: &'static str, en: &'static str) -> Binding {
    Binding {
        keys,
        action,
        zh,
        en,
        hint: false,
    }
}

/// The tree and detail screen.
pub const TREE_KEYS: &[Binding] = &[
    more(
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        Action::MoveUp,
        "上移",
        "up",
    ),
    more(
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下移",
        "down",
    ),
    more(
        &[Key::ch('h'), Key::plain(KeyCode::Left)],
        Action::Collapse,
        "收起",
        "collapse",
    ),
    more(
        &[Key::ch('l'), Key::plain(KeyCode::Right)],
        Action::Expand,
        "展开",
        "expand",
    ),
    bind(
        &[Key::plain(KeyCode::Enter), Key::ch(' ')],
        Action::Toggle,
        "展开/收起",
        "open/close",
    ),
    more(&[Key::ch('E')], Action::ExpandAll, "全部展开", "expand all"),
    more(
        &[Key::ch('C')],
        Action::CollapseAll,
        "全部收起",
        "collapse all",
    ),
    more(
        &[Key::plain(KeyCode::PageUp), Key::ctrl('b')],
        Action::PageUp,
        "上一页",
        "page up",
    ),
    more(
        &[Key::plain(KeyCode::PageDown), Key::ctrl('f')],
        Action::PageDown,
        "下一页",
        "page down",
    ),
    more(
        &[Key::plain(KeyCode::Home), Key::ch('g')],
        Action::Home,
        "到顶",
        "top",
    ),
    more(
        &[Key::plain(KeyCode::End), Key::ch('G')],
        Action::End,
        "到底",
        "bottom",
    ),
    more(
        &[Key::ch('J'), Key::ctrl('d')],
        Action::ScrollDetailDown,
        "详情下翻",
        "scroll details down",
    ),
    more(
        &[Key::ch('K'), Key::ctrl('u')],
        Action::ScrollDetailUp,
        "详情上翻",
        "scroll details up",
    ),
    bind(&[Key::ch('/')], Action::StartSearch, "搜索", "search"),
    bind(&[Key::ch('f')], Action::OpenFilters, "筛选", "filter"),
    bind(&[Key::ch('e')], Action::OpenForm, "填报", "report"),
    more(
        &[Key::ch('m')],
        Action::OpenMeasureForm,
        "调整时限/责任人/牵头/人工亮灯",
        "change deadline/owner/lead/light override",
    ),
    more(
        &[Key::ch('u')],
        Action::OpenItemForm,
        "更新议定事项（状态/落实情况/销号）",
        "update an action item (status/feedback/close)",
    ),
    bind(&[Key::ch('H')], Action::ShowHistory, "历史", "history"),
    more(
        &[Key::plain(KeyCode::Esc)],
        Action::Cancel,
        "清除搜索和筛选",
        "clear search and filters",
    ),
    more(&[Key::ch('R')], Action::Refresh, "重新载入", "reload"),
    more(
        &[Key::ch('S')],
        Action::Sync,
        "同步远程仓库",
        "sync with the remote",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
    bind(&[Key::ch('q')], Action::Quit, "退出", "quit"),
    bind(&[Key::ch('r')], Action::ShowReview, "会前审阅", "review"),
    bind(&[Key::ch('M')], Action::ShowMeeting, "会议", "meeting"),
    bind(
        &[Key::ch('i')],
        Action::ShowIndicators,
        "指标",
        "indicators",
    ),
    more(&[Key::ch('U')], Action::ShowRemind, "催办", "reminders"),
    more(
        &[Key::ch('I')],
        Action::ShowImport,
        "导入回收台账",
        "import returned ledgers",
    ),
];

/// Typing a search query (other keys type text).
pub const SEARCH_KEYS: &[Binding] = &[
    bind(
        &[Key::plain(KeyCode::Enter)],
        Action::AcceptSearch,
        "确定",
        "accept",
    ),
    bind(
        &[Key::plain(KeyCode::Esc)],
        Action::Cancel,
        "取消搜索",
        "cancel search",
    ),
    more(
        &[Key::plain(KeyCode::Backspace)],
        Action::DeleteChar,
        "删除",
        "delete",
    ),
    bind(&[Key::plain(KeyCode::Up)], Action::MoveUp, "上移", "up"),
    bind(
        &[Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下移",
        "down",
    ),
];

/// The filter menu.
pub const FILTER_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('r')],
        Action::FilterLight(Light::Red),
        "红灯",
        "red",
    ),
    bind(
        &[Key::ch('y')],
        Action::FilterLight(Light::Yellow),
        "黄灯",
        "yellow",
    ),
    bind(
        &[Key::ch('b')],
        Action::FilterLight(Light::Blue),
        "蓝灯",
        "blue",
    ),
    bind(
        &[Key::ch('g')],
        Action::FilterLight(Light::Green),
        "绿灯",
        "green",
    ),
    bind(
        &[Key::ch('s')],
        Action::FilterStatus,
        "状态（轮换）",
        "status (cycles)",
    ),
    bind(&[Key::ch('o')], Action::FilterOverdue, "逾期", "overdue"),
    bind(
        &[Key::ch('n')],
        Action::FilterNotReported,
        "本期未报",
        "not reported",
    ),
    bind(
        &[Key::ch('c')],
        Action::FilterCycle,
        "未报周期（轮换）",
        "cycle (cycles)",
    ),
    bind(
        &[Key::ch('a')],
        Action::FilterAction,
        "当前行动",
        "this action",
    ),
    bind(
        &[Key::ch('u')],
        Action::FilterLead,
        "当前牵头单位",
        "this lead unit",
    ),
    bind(
        &[Key::ch('p')],
        Action::FilterOwner,
        "当前责任人",
        "this owner",
    ),
    bind(
        &[Key::ch('x')],
        Action::ClearFilters,
        "清除筛选",
        "clear filters",
    ),
    bind(
        &[
            Key::plain(KeyCode::Esc),
            Key::plain(KeyCode::Enter),
            Key::ch('f'),
        ],
        Action::Cancel,
        "关闭",
        "close",
    ),
];

/// The report form (other keys type text into the current field).
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

/// The confirmation before a commit.
pub const CONFIRM_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('y'), Key::plain(KeyCode::Enter)],
        Action::Confirm,
        "确认提交",
        "commit",
    ),
    bind(
        &[Key::ch('n'), Key::plain(KeyCode::Esc)],
        Action::Cancel,
        "返回修改",
        "back",
    ),
];

/// The history screen.
pub const HISTORY_KEYS: &[Binding] = &[
    more(
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        Action::MoveUp,
        "上移",
        "up",
    ),
    more(
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下移",
        "down",
    ),
    more(
        &[Key::plain(KeyCode::PageUp)],
        Action::PageUp,
        "上一页",
        "page up",
    ),
    more(
        &[Key::plain(KeyCode::PageDown)],
        Action::PageDown,
        "下一页",
        "page down",
    ),
    bind(
        &[Key::ch('u')],
        Action::PlanUndo,
        "撤销最近修改",
        "undo last change",
    ),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('H'), Key::ch('q')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The confirmation before an undo.
pub const CONFIRM_UNDO_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('y'), Key::plain(KeyCode::Enter)],
        Action::Confirm,
        "确认撤销",
        "undo",
    ),
    bind(
        &[Key::ch('n'), Key::plain(KeyCode::Esc)],
        Action::Cancel,
        "取消",
        "cancel",
    ),
];

const UP: Binding = more(
    &[Key::ch('k'), Key::plain(KeyCode::Up)],
    Action::MoveUp,
    "上移",
    "up",
);
const DOWN: Binding = more(
    &[Key::ch('j'), Key::plain(KeyCode::Down)],
    Action::MoveDown,
    "下移",
    "down",
);
const PAGE_UP: Binding = more(
    &[Key::plain(KeyCode::PageUp), Key::ctrl('b')],
    Action::PageUp,
    "上一页",
    "page up",
);
const PAGE_DOWN: Binding = more(
    &[Key::plain(KeyCode::PageDown), Key::ctrl('f')],
    Action::PageDown,
    "下一页",
    "page down",
);

/// The review screen.
pub const REVIEW_KEYS: &[Binding] = &[
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    bind(
        &[Key::ch('c'), Key::plain(KeyCode::Tab)],
        Action::SwitchKind,
        "切换周/月/季",
        "weekly/monthly/quarterly",
    ),
    bind(&[Key::ch('M')], Action::ShowMeeting, "会议", "meeting"),
    more(&[Key::ch('R')], Action::Refresh, "重新载入", "reload"),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The meeting screen.
pub const MEETING_KEYS: &[Binding] = &[
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    bind(
        &[Key::ch('c'), Key::plain(KeyCode::Tab)],
        Action::SwitchKind,
        "切换周/月/季",
        "weekly/monthly/quarterly",
    ),
    bind(
        &[Key::ch('n')],
        Action::OpenMeetingForm,
        "召开会议",
        "open a meeting",
    ),
    bind(
        &[Key::ch('d')],
        Action::OpenDecisionForm,
        "议定事项",
        "record a decision",
    ),
    bind(&[Key::ch('p')], Action::ShowMinutes, "纪要预览", "minutes"),
    bind(
        &[Key::ch('x')],
        Action::CloseMeeting,
        "结束会议",
        "close the meeting",
    ),
    more(&[Key::ch('r')], Action::ShowReview, "会前审阅", "review"),
    more(&[Key::ch('R')], Action::Refresh, "重新载入", "reload"),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The minutes preview.
pub const MINUTES_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下翻",
        "scroll down",
    ),
    more(
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        Action::MoveUp,
        "上翻",
        "scroll up",
    ),
    bind(
        &[Key::plain(KeyCode::PageDown), Key::ctrl('f'), Key::ch(' ')],
        Action::PageDown,
        "下一页",
        "page down",
    ),
    more(
        &[Key::plain(KeyCode::PageUp), Key::ctrl('b')],
        Action::PageUp,
        "上一页",
        "page up",
    ),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q'), Key::ch('p')],
        Action::Cancel,
        "返回",
        "back",
    ),
];

/// The confirmation before a meeting is closed.
pub const CONFIRM_CLOSE_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('y'), Key::plain(KeyCode::Enter)],
        Action::Confirm,
        "确认结束会议",
        "close it",
    ),
    bind(
        &[Key::ch('n'), Key::plain(KeyCode::Esc)],
        Action::Cancel,
        "取消",
        "cancel",
    ),
];

/// The indicators screen.
pub const INDICATOR_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        Action::MoveUp,
        "上移",
        "up",
    ),
    bind(
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下移",
        "down",
    ),
    more(
        &[Key::plain(KeyCode::Home), Key::ch('g')],
        Action::Home,
        "到顶",
        "top",
    ),
    more(
        &[Key::plain(KeyCode::End), Key::ch('G')],
        Action::End,
        "到底",
        "bottom",
    ),
    bind(
        &[Key::ch('c')],
        Action::ConfirmSuggestedTarget,
        "确认建议值为本年目标",
        "confirm the suggested target",
    ),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q'), Key::ch('i')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The 催办 screen.
pub const REMIND_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        Action::MoveUp,
        "上一单位",
        "previous unit",
    ),
    bind(
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下一单位",
        "next unit",
    ),
    more(
        &[Key::plain(KeyCode::PageDown), Key::ctrl('f')],
        Action::PageDown,
        "通知下翻",
        "scroll the notice down",
    ),
    more(
        &[Key::plain(KeyCode::PageUp), Key::ctrl('b')],
        Action::PageUp,
        "通知上翻",
        "scroll the notice up",
    ),
    bind(
        &[Key::ch('c'), Key::plain(KeyCode::Tab)],
        Action::SwitchKind,
        "切换周/月/季",
        "weekly/monthly/quarterly",
    ),
    bind(
        &[Key::ch('w')],
        Action::WriteNotices,
        "写入催办通知文件",
        "write the notices to a file",
    ),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q'), Key::ch('U')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The import screen.
pub const IMPORT_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        Action::MoveUp,
        "上移",
        "up",
    ),
    bind(
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下移",
        "down",
    ),
    bind(
        &[Key::plain(KeyCode::Enter)],
        Action::Toggle,
        "预览",
        "preview",
    ),
    bind(&[Key::ch('y')], Action::Confirm, "提交", "commit"),
    more(
        &[Key::ch('R')],
        Action::Refresh,
        "重新查找文件",
        "look for files again",
    ),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The help overlay.
pub const HELP_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('?'), Key::plain(KeyCode::Esc), Key::ch('q')],
        Action::ToggleHelp,
        "关闭帮助",
        "close help",
    ),
    bind(
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下翻",
        "scroll down",
    ),
    more(
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        Action::MoveUp,
        "上翻",
        "scroll up",
    ),
    more(
        &[Key::plain(KeyCode::PageDown)],
        Action::PageDown,
        "下一页",
        "page down",
    ),
    more(
        &[Key::plain(KeyCode::PageUp)],
        Action::PageUp,
        "上一页",
        "page up",
    ),
];

/// The table of a mode.
pub fn table(mode: Mode) -> &'static [Binding] {
    match mode {
        Mode::Tree => TREE_KEYS,
        Mode::Search => SEARCH_KEYS,
        Mode::Filter => FILTER_KEYS,
        Mode::Form => FORM_KEYS,
        Mode::Confirm => CONFIRM_KEYS,
        Mode::History => HISTORY_KEYS,
        Mode::ConfirmUndo => CONFIRM_UNDO_KEYS,
        Mode::Review => REVIEW_KEYS,
        Mode::Meeting => MEETING_KEYS,
        Mode::Minutes => MINUTES_KEYS,
        Mode::ConfirmClose => CONFIRM_CLOSE_KEYS,
        Mode::Indicators => INDICATOR_KEYS,
        Mode::Remind => REMIND_KEYS,
        Mode::Import => IMPORT_KEYS,
        Mode::Help => HELP_KEYS,
    }
}

/// Keys that work in every mode, after the mode's own table.
pub const GLOBAL_KEYS: &[Binding] = &[more(
    &[Key::ctrl('c')],
    Action::Quit,
    "退出（表单中的输入不保存）",
    "quit (form input is not kept)",
)];

/// Every mode with its title, in the order the help overlay lists them.
pub const SECTIONS: &[(Mode, &str, &str)] = &[
    (Mode::Tree, "主界面", "Main screen"),
    (Mode::Search, "搜索", "Search"),
    (Mode::Filter, "筛选（f）", "Filters (f)"),
    (
        Mode::Form,
        "表单（e 填报，m 调整，u 更新议定事项，n 召开会议，d 新增议定事项）",
        "Forms (e report, m measure, u action item, n meeting, d decision)",
    ),
    (Mode::Confirm, "提交确认", "Confirm commit"),
    (Mode::History, "历史（H）", "History (H)"),
    (Mode::ConfirmUndo, "撤销确认", "Confirm undo"),
    (Mode::Review, "会前审阅（r）", "Review (r)"),
    (Mode::Meeting, "会议（M）", "Meeting (M)"),
    (Mode::Minutes, "纪要预览（p）", "Minutes (p)"),
    (Mode::ConfirmClose, "结束会议确认", "Confirm closing"),
    (Mode::Indicators, "指标（i）", "Indicators (i)"),
    (Mode::Remind, "催办（U）", "Reminders (U)"),
    (
        Mode::Import,
        "导入回收台账（I）",
        "Import returned ledgers (I)",
    ),
];

/// The action bound to `event` in `mode`; in text modes an unbound character is typed.
pub fn action_for(mode: Mode, event: &KeyEvent) -> Option<Action> {
    if let Some(b) = table(mode)
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
    {
        return Some(b.action.clone());
    }
    if let Some(b) = GLOBAL_KEYS
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
    {
        return Some(b.action.clone());
    }
    let text_mode = matches!(mode, Mode::Search | Mode::Form);
    match event.code {
        KeyCode::Char(c)
            if text_mode
                && !event
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::Input(c))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_move_in_the_tree() {
        assert!(matches!(
            action_for(Mode::Tree, &key(KeyCode::Char('j'))),
            Some(Action::MoveDown)
        ));
        assert!(matches!(
            action_for(Mode::Tree, &key(KeyCode::Down)),
            Some(Action::MoveDown)
        ));
        assert!(action_for(Mode::Tree, &key(KeyCode::Char('x'))).is_none());
    }

    #[test]
    fn search_types_letters_and_chinese_instead_of_moving() {
        assert!(matches!(
            action_for(Mode::Search, &key(KeyCode::Char('j'))),
            Some(Action::Input('j'))
        ));
        assert!(matches!(
            action_for(Mode::Search, &key(KeyCode::Char('托'))),
            Some(Action::Input('托'))
        ));
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert!(matches!(
            action_for(Mode::Tree, &shifted),
            Some(Action::End)
        ));
    }

    #[test]
    fn ctrl_s_submits_the_form_and_plain_s_is_text() {
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert!(matches!(
            action_for(Mode::Form, &ctrl_s),
            Some(Action::Submit)
        ));
        assert!(matches!(
            action_for(Mode::Form, &key(KeyCode::Char('s'))),
            Some(Action::Input('s'))
        ));
    }

    #[test]
    fn ctrl_c_quits_from_every_mode() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for (mode, _, _) in SECTIONS {
            assert!(
                matches!(action_for(*mode, &ctrl_c), Some(Action::Quit)),
                "{mode:?}"
            );
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for (mode, _, _) in SECTIONS {
            let keys: Vec<Key> = table(*mode)
                .iter()
                .flat_map(|b| b.keys.iter().copied())
                .collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(
                    !keys[i + 1..].contains(k),
                    "{mode:?}: {} bound twice",
                    k.label()
                );
            }
        }
    }
}

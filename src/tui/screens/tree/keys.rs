//! The tree's key tables: the tree itself, the search line and the filter menu.

use ratatui::crossterm::event::KeyCode;

use crate::model::Light;
use crate::tui::action::Action;
use crate::tui::keys::{Binding, Key, Section, bind, more};

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
        "调整举措（时限/节点/配合单位/联络员/亮灯）",
        "change the measure (deadline/milestones/co-units/liaison/light)",
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
    bind(
        &[Key::ch('L')],
        Action::ShowLandmarks,
        "标志性成果",
        "landmarks",
    ),
    bind(&[Key::ch('P')], Action::ShowRoster, "名册", "roster"),
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

/// The tree in the help.
pub const SECTION: Section = Section {
    zh: "主界面",
    en: "Main screen",
    keys: TREE_KEYS,
};

/// The search line in the help.
pub const SEARCH_SECTION: Section = Section {
    zh: "搜索",
    en: "Search",
    keys: SEARCH_KEYS,
};

/// The filter menu in the help.
pub const FILTER_SECTION: Section = Section {
    zh: "筛选（f）",
    en: "Filters (f)",
    keys: FILTER_KEYS,
};

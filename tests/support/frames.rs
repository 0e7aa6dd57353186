//! Drawing the app into a test terminal, as the run loop does.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use taskforce::tui::App;

/// Draws `app` at `w`×`h`; the view then measures the screen's lines for scrolling, as the run
/// loop does.
pub fn draw(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    app.update(taskforce::tui::Action::Resize(w, h));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| f.render_widget(&*app, f.area()))
        .expect("draw");
    app.measured(taskforce::tui::frame::content_lines(app));
    terminal
}

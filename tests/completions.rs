//! Shell completions and the manual page come from the same clap definitions as the commands.

mod support;

use support::TempPlan;

#[test]
fn completions_and_the_man_page_name_every_command() {
    let p = TempPlan::new();
    let mut checked = 0;
    for shell in ["bash", "zsh", "fish"] {
        let r = p.run(&["completions", shell]);
        assert_eq!(r.code, 0, "{r:?}");
        for command in ["set", "meeting", "roster", "undo", "minutes"] {
            assert!(r.stdout.contains(command), "{shell} lacks {command}");
            checked += 1;
        }
    }
    assert_eq!(checked, 15);
    let r = p.run(&["man"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains(".TH taskforce 1"), "{}", r.stdout);
    assert!(r.stdout.contains(".SH NAME"), "{}", r.stdout);
    assert!(
        r.stdout.contains("\\-\\-repo"),
        "the global flags are listed"
    );
}

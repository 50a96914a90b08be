"""What the command line adds to a refusal: the command that shows what exists, or the option to use.
(The engine's messages hold no command-line hint: the web UI shows the same refusals.)"""

HINTS = {
    "process.not_found": ("see `alur processes`", "lihat `alur processes`"),
    "version.not_found": ("see `alur versions {process}`", "lihat `alur versions {process}`"),
    "instance.not_found": ("see `alur instances`", "lihat `alur instances`"),
    "task.not_found": ("see `alur tasks` for the ready ones", "lihat `alur tasks` untuk tugas yang siap"),
    "user.not_found": ("add one with `alur users add {user} --lane LANE`",
                       "tambahkan dengan `alur users add {user} --lane LANE`"),
    "user.needs_lane_or_role": ("use --lane or --role", "pakai --lane atau --role"),
    "task.assigned_to_other": ("`alur reassign` moves it", "`alur reassign` memindahkannya"),
    "admin.no_reason": ("--reason", "--reason"),
}


def hint(message, lang):
    """The hint for `message` in `lang` ('en' or 'id'), or ''."""
    texts = HINTS.get(message.code)
    if texts is None:
        return ""
    try:
        return texts[lang == "id"].format(**message.params)
    except (KeyError, IndexError):
        return ""

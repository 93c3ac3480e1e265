// The doctor's clinical notes (and the visit summary the patient sees): multi-line editors where Enter
// is a new line, the SOAP headings to start from, and unsaved changes said plainly. What is typed
// survives looking at other screens (app/clinic/notes.h keeps it as a draft until saved or discarded).
#include "app/clinic/notes.h"
#include "ui/screens/screens.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {

void draw_notes_editor(app::AppState& state, bool with_summary, Actions& out) {
    app::VisitsState& v = state.visits;
    heading("Clinical notes (only you see these)", 3);
    if (v.notes_draft.empty() && link("Start from the SOAP headings")) out.push_back(app::UseNotesTemplate{});
    text_area("Clinical notes", v.notes_draft,
              {.placeholder = "Findings, assessment, plan", .max_chars = 20000, .max_lines = 14, .enter_sends = false});
    if (with_summary) {
        heading("Visit summary (shared with the patient)", 3);
        text_area("Visit summary", v.summary_draft,
                  {.placeholder = "What you advised, next steps", .max_chars = 20000, .max_lines = 10, .enter_sends = false});
    }
    const bool unsaved = app::has_unsaved_notes(v);
    if (button("Save notes", unsaved ? ButtonKind::primary : ButtonKind::secondary, false, !v.form.busy)) out.push_back(app::SaveNotes{});
    if (!unsaved) return;
    muted("Unsaved changes. They are kept while you look at other screens, until you save them.");
    if (link("Discard changes")) out.push_back(app::DiscardNoteChanges{});
}

}  // namespace ui::screens

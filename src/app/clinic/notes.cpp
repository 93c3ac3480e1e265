#include "app/clinic/notes.h"

namespace app {

bool has_unsaved_notes(const VisitsState& v) {
    return v.detail && (v.notes_draft != v.detail->clinical_notes.value_or("") || v.summary_draft != v.detail->visit_summary);
}

}  // namespace app

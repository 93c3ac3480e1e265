// Fork Awesome icons as UTF-8 strings, merged into every text font (src/ui/toolkit/fonts.cpp).
// Macros concatenate with literals: ui::button(ICON_CHECK " Confirm"); ui::icon::check is the same
// string as a constant. Only the code points listed in kCodepoints are rasterized: add new icons in
// all three places.
#pragma once

#define ICON_USER "\xef\x80\x87"  // U+F007
#define ICON_USER_MD "\xef\x83\xb0"  // U+F0F0
#define ICON_SIGN_OUT "\xef\x82\x8b"  // U+F08B
#define ICON_SIGN_IN "\xef\x82\x90"  // U+F090
#define ICON_CALENDAR "\xef\x81\xb3"  // U+F073
#define ICON_VIDEO_CAMERA "\xef\x80\xbd"  // U+F03D
#define ICON_COMMENTS "\xef\x82\x86"  // U+F086
#define ICON_BELL "\xef\x83\xb3"  // U+F0F3
#define ICON_LIFE_RING "\xef\x87\x8d"  // U+F1CD
#define ICON_COG "\xef\x80\x93"  // U+F013
#define ICON_SHIELD "\xef\x84\xb2"  // U+F132
#define ICON_CHECK "\xef\x80\x8c"  // U+F00C
#define ICON_TIMES "\xef\x80\x8d"  // U+F00D
#define ICON_EXCLAMATION_TRIANGLE "\xef\x81\xb1"  // U+F071
#define ICON_WIFI "\xef\x87\xab"  // U+F1EB
#define ICON_REFRESH "\xef\x80\xa1"  // U+F021
#define ICON_EYE "\xef\x81\xae"  // U+F06E
#define ICON_EYE_SLASH "\xef\x81\xb0"  // U+F070
#define ICON_PLUS "\xef\x81\xa7"  // U+F067
#define ICON_PHONE "\xef\x82\x95"  // U+F095
#define ICON_HEARTBEAT "\xef\x88\x9e"  // U+F21E
#define ICON_INFO_CIRCLE "\xef\x81\x9a"  // U+F05A
#define ICON_CHECK_CIRCLE "\xef\x81\x98"  // U+F058
#define ICON_EXCLAMATION_CIRCLE "\xef\x81\xaa"  // U+F06A
#define ICON_CIRCLE "\xef\x84\x91"  // U+F111
#define ICON_CHEVRON_RIGHT "\xef\x81\x94"  // U+F054
#define ICON_CHEVRON_LEFT "\xef\x81\x93"  // U+F053
#define ICON_ARROW_LEFT "\xef\x81\xa0"  // U+F060
#define ICON_SEARCH "\xef\x80\x82"  // U+F002
#define ICON_CLOCK "\xef\x80\x97"  // U+F017
#define ICON_HOME "\xef\x80\x95"  // U+F015
#define ICON_BARS "\xef\x83\x89"  // U+F0C9
#define ICON_PAPER_PLANE "\xef\x87\x98"  // U+F1D8
#define ICON_MICROPHONE "\xef\x84\xb0"  // U+F130
#define ICON_MICROPHONE_SLASH "\xef\x84\xb1"  // U+F131
#define ICON_COPY "\xef\x83\x85"  // U+F0C5
#define ICON_MOON "\xef\x86\x86"  // U+F186
#define ICON_SUN "\xef\x86\x85"  // U+F185
#define ICON_PENCIL "\xef\x81\x80"  // U+F040
#define ICON_TRASH "\xef\x87\xb8"  // U+F1F8
#define ICON_PAPERCLIP "\xef\x83\x86"  // U+F0C6
#define ICON_FILE_PDF "\xef\x87\x81"  // U+F1C1
#define ICON_DOWNLOAD "\xef\x80\x99"  // U+F019

#define ICON_DESKTOP "\xef\x84\x88"  // U+F108
#define ICON_EXPAND "\xef\x81\xa5"  // U+F065
#define ICON_COMPRESS "\xef\x81\xa6"  // U+F066
#define ICON_CHEVRON_DOWN "\xef\x81\xb8"  // U+F078
namespace ui::icon {

inline constexpr const char* user = "\xef\x80\x87";  // U+F007
inline constexpr const char* user_md = "\xef\x83\xb0";  // U+F0F0
inline constexpr const char* sign_out = "\xef\x82\x8b";  // U+F08B
inline constexpr const char* sign_in = "\xef\x82\x90";  // U+F090
inline constexpr const char* calendar = "\xef\x81\xb3";  // U+F073
inline constexpr const char* video_camera = "\xef\x80\xbd";  // U+F03D
inline constexpr const char* comments = "\xef\x82\x86";  // U+F086
inline constexpr const char* bell = "\xef\x83\xb3";  // U+F0F3
inline constexpr const char* life_ring = "\xef\x87\x8d";  // U+F1CD
inline constexpr const char* cog = "\xef\x80\x93";  // U+F013
inline constexpr const char* shield = "\xef\x84\xb2";  // U+F132
inline constexpr const char* check = "\xef\x80\x8c";  // U+F00C
inline constexpr const char* times = "\xef\x80\x8d";  // U+F00D
inline constexpr const char* exclamation_triangle = "\xef\x81\xb1";  // U+F071
inline constexpr const char* wifi = "\xef\x87\xab";  // U+F1EB
inline constexpr const char* refresh = "\xef\x80\xa1";  // U+F021
inline constexpr const char* eye = "\xef\x81\xae";  // U+F06E
inline constexpr const char* eye_slash = "\xef\x81\xb0";  // U+F070
inline constexpr const char* plus = "\xef\x81\xa7";  // U+F067
inline constexpr const char* phone = "\xef\x82\x95";  // U+F095
inline constexpr const char* heartbeat = "\xef\x88\x9e";  // U+F21E
inline constexpr const char* info_circle = "\xef\x81\x9a";  // U+F05A
inline constexpr const char* check_circle = "\xef\x81\x98";  // U+F058
inline constexpr const char* exclamation_circle = "\xef\x81\xaa";  // U+F06A
inline constexpr const char* circle = "\xef\x84\x91";  // U+F111
inline constexpr const char* chevron_right = "\xef\x81\x94";  // U+F054
inline constexpr const char* chevron_left = "\xef\x81\x93";  // U+F053
inline constexpr const char* arrow_left = "\xef\x81\xa0";  // U+F060
inline constexpr const char* search = "\xef\x80\x82";  // U+F002
inline constexpr const char* clock = "\xef\x80\x97";  // U+F017
inline constexpr const char* home = "\xef\x80\x95";  // U+F015
inline constexpr const char* bars = "\xef\x83\x89";  // U+F0C9
inline constexpr const char* paper_plane = "\xef\x87\x98";  // U+F1D8
inline constexpr const char* microphone = "\xef\x84\xb0";  // U+F130
inline constexpr const char* microphone_slash = "\xef\x84\xb1";  // U+F131
inline constexpr const char* copy = "\xef\x83\x85";  // U+F0C5
inline constexpr const char* moon = "\xef\x86\x86";  // U+F186
inline constexpr const char* sun = "\xef\x86\x85";  // U+F185
inline constexpr const char* pencil = "\xef\x81\x80";  // U+F040
inline constexpr const char* trash = "\xef\x87\xb8";  // U+F1F8
inline constexpr const char* paperclip = "\xef\x83\x86";  // U+F0C6
inline constexpr const char* file_pdf = "\xef\x87\x81";  // U+F1C1
inline constexpr const char* download = "\xef\x80\x99";  // U+F019

// Code points of the constants above (for the font loader).
inline constexpr const char* desktop = "\xef\x84\x88";  // U+F108
inline constexpr const char* expand = "\xef\x81\xa5";  // U+F065
inline constexpr const char* compress = "\xef\x81\xa6";  // U+F066
inline constexpr const char* chevron_down = "\xef\x81\xb8";  // U+F078

inline constexpr unsigned kCodepoints[] = {
    0xf007, 0xf0f0, 0xf08b, 0xf090, 0xf073, 0xf03d, 0xf086, 0xf0f3, 0xf1cd, 0xf013, 0xf132, 0xf00c, 0xf00d, 0xf071, 0xf1eb, 0xf021, 0xf06e, 0xf070, 0xf067, 0xf095, 0xf21e, 0xf05a, 0xf058, 0xf06a, 0xf111, 0xf054, 0xf053, 0xf060, 0xf002, 0xf017, 0xf015, 0xf0c9, 0xf1d8, 0xf130, 0xf131, 0xf0c5, 0xf186, 0xf185, 0xf040, 0xf1f8, 0xf0c6, 0xf1c1, 0xf019, 0xf108, 0xf065, 0xf066, 0xf078,
};

}  // namespace ui::icon

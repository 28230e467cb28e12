// The shipped words and texts (en, es), and the per-locale index built from them, the scripts' labels
// and policies.yaml at load.
#include "model/lexicon.hpp"

#include <algorithm>
#include <map>

#include "common/fold.hpp"
#include "common/locale.hpp"
#include "model/program.hpp"
#include "model/values.hpp"

namespace parley::detail {

namespace {

// Keyed by a type of this file only, so that the map's code stays inside the library (a shared build
// exports the public API alone: tests/consumer, "exports").
struct WordKey {
    std::string_view locale;
    WordClass cls;
    bool operator<(const WordKey& o) const { return locale != o.locale ? locale < o.locale : cls < o.cls; }
};
using WordTable = std::map<WordKey, std::vector<std::string_view>>;

// The words a customer may answer with, per locale and class. Written naturally: they are folded at
// load ("Sí" and "si" are one word; "can't" and "cant" too). A locale's list may hold loanwords ("ok").
const WordTable& shipped_word_table() {
    static const WordTable table = [] {
        WordTable t;
        t[{"en", WordClass::yes}] = {"yes", "true", "y", "yeah", "yep", "yup", "ya", "yes please", "sure", "correct", "right",
                                     "ok", "okay", "affirmative", "of course", "absolutely", "definitely"};
        t[{"en", WordClass::no}] = {"no", "false", "n", "nope", "nah", "no thanks", "no thank you", "not really", "negative",
                                    "incorrect", "not yet", "i don't think so"};
        t[{"en", WordClass::accept}] = {"accept", "accepted", "i accept", "i'll take it", "take it", "deal"};
        t[{"en", WordClass::decline}] = {"decline", "declined", "i decline", "not interested", "no deal"};
        t[{"en", WordClass::none}] = {"none", "nothing", "no", "neither", "none of them", "none of those", "nothing yet", "-"};
        t[{"en", WordClass::done}] = {"done", "finished", "did it", "i did it", "all done"};
        std::vector<std::string_view>& couldnt = t[{"en", WordClass::couldnt}];
        couldnt.assign(couldnt_words.begin(), couldnt_words.end());
        t[{"es", WordClass::yes}] = {"sí", "si", "claro", "claro que sí", "vale", "de acuerdo", "correcto", "exacto",
                                     "afirmativo", "por supuesto", "desde luego", "sí, por favor", "eso es", "así es",
                                     "ok", "okey", "dale", "sí, gracias", "sí gracias", "sí por favor", "ahora sí", "perfecto",
                                     "está bien", "me parece bien", "sí, quiero", "sí quiero"};
        t[{"es", WordClass::no}] = {"no", "no, gracias", "no gracias", "para nada", "negativo", "incorrecto",
                                    "de ninguna manera", "en absoluto", "no realmente", "todavía no", "aún no",
                                    "creo que no", "no quiero", "no hace falta"};
        t[{"es", WordClass::accept}] = {"acepto", "aceptar", "aceptado", "lo acepto", "me lo quedo", "trato hecho",
                                        "me interesa"};
        t[{"es", WordClass::decline}] = {"rechazo", "rechazar", "lo rechazo", "no me interesa", "no acepto", "no lo acepto",
                                         "prefiero darme de baja", "quiero darme de baja", "quiero la baja"};
        t[{"es", WordClass::none}] = {"ninguno", "ninguna", "nada", "ninguno de ellos", "ninguna de ellas", "no", "-",
                                      "ninguna de esas", "ninguno de esos", "ninguna de las dos", "ninguno de los dos",
                                      "nada de eso", "no, nada", "no he probado nada", "nada todavía", "todavía nada"};
        t[{"es", WordClass::done}] = {"listo", "hecho", "ya está", "ya", "ya lo hice", "terminado", "ya lo he hecho"};
        t[{"es", WordClass::couldnt}] = {"no pude", "no puedo", "no he podido", "no lo encuentro", "no encuentro",
                                         "no funcionó", "no ha funcionado", "no funciona", "no lo conseguí",
                                         "no lo he conseguido", "no fue posible", "no es posible", "imposible",
                                         "no sé cómo", "no lo logré", "no sirvió", "no ha servido", "no hubo suerte",
                                         "sin suerte", "no soy capaz", "no fui capaz", "no he sido capaz",
                                         "no lo pude hacer", "no me deja"};
        return t;
    }();
    return table;
}

struct ShippedText {
    std::string_view locale;
    BuiltinText id;
    std::string_view text;
};
// {choices}, {actions}, {min} and {max} are filled in when the text is said (a date's bounds in the
// locale's written form).
constexpr ShippedText shipped_texts[] = {
    {"en", BuiltinText::hint_yes_no, "Please answer yes or no."},
    {"en", BuiltinText::hint_choice, "Please answer with one of: {choices}."},
    {"en", BuiltinText::hint_number, "Please answer with a number."},
    {"en", BuiltinText::hint_number_range, "Please answer with a number from {min} to {max}."},
    {"en", BuiltinText::hint_number_min, "Please answer with a number of at least {min}."},
    {"en", BuiltinText::hint_number_max, "Please answer with a number of at most {max}."},
    {"en", BuiltinText::hint_text, "Please give an answer."},
    {"en", BuiltinText::hint_offer, "Please answer yes to accept the offer, or no to decline it."},
    {"en", BuiltinText::hint_actions, "Please list what you have done, separated by commas ({actions}), or say none."},
    {"en", BuiltinText::cancellation, "As you asked, your service will be cancelled. You will receive a confirmation."},
    {"en", BuiltinText::handoff,
     "I'm passing you to a colleague who can help further; they will see everything you've told me."},
    {"en", BuiltinText::hint_date, "Please give a date, like 30/06/2027."},
    {"en", BuiltinText::hint_date_from, "Please give a date from {min} on, like 30/06/2027."},
    {"en", BuiltinText::hint_date_until, "Please give a date no later than {max}, like 30/06/2027."},
    {"en", BuiltinText::hint_date_between, "Please give a date from {min} to {max}, like 30/06/2027."},
    {"es", BuiltinText::hint_yes_no, "Por favor, responda sí o no."},
    {"es", BuiltinText::hint_choice, "Por favor, responda con una de estas opciones: {choices}."},
    {"es", BuiltinText::hint_number, "Por favor, responda con un número."},
    {"es", BuiltinText::hint_number_range, "Por favor, responda con un número del {min} al {max}."},
    {"es", BuiltinText::hint_number_min, "Por favor, responda con un número igual o mayor que {min}."},
    {"es", BuiltinText::hint_number_max, "Por favor, responda con un número igual o menor que {max}."},
    {"es", BuiltinText::hint_text, "Por favor, deme una respuesta."},
    {"es", BuiltinText::hint_offer, "Por favor, responda «sí» para aceptar la oferta o «no» para rechazarla."},
    {"es", BuiltinText::hint_actions,
     "Por favor, dígame lo que ya ha hecho, separado por comas ({actions}), o diga «ninguno»."},
    {"es", BuiltinText::cancellation, "Tal como nos ha pedido, cancelaremos su servicio. Recibirá una confirmación."},
    {"es", BuiltinText::handoff,
     "Le paso con un compañero que podrá ayudarle más; verá todo lo que usted me ha contado."},
    {"es", BuiltinText::hint_date, "Indíquenos una fecha, por ejemplo 30/06/2027."},
    {"es", BuiltinText::hint_date_from, "Indíquenos una fecha a partir del {min}, por ejemplo 30/06/2027."},
    {"es", BuiltinText::hint_date_until, "Indíquenos una fecha no posterior al {max}, por ejemplo 30/06/2027."},
    {"es", BuiltinText::hint_date_between, "Indíquenos una fecha entre el {min} y el {max}, por ejemplo 30/06/2027."},
};

// `tag` and its parents, most specific first ("es-MX", "es").
std::vector<std::string_view> chain_of(std::string_view tag) {
    std::vector<std::string_view> out;
    for (; !tag.empty(); tag = parent_locale(tag)) out.push_back(tag);
    return out;
}

void add_unique(std::vector<std::string>& out, std::string word) {
    if (!word.empty() && std::find(out.begin(), out.end(), word) == out.end()) out.push_back(std::move(word));
}

// The words of one choice or action in `tag`'s chain: its id, its labels in the chain, its synonyms.
std::vector<std::string> words_of(std::string_view id, const Labels* labels, std::string_view tag) {
    std::vector<std::string> out;
    add_unique(out, fold(id));
    if (!labels) return out;
    for (std::string_view l : chain_of(tag))
        if (const std::string* label = labels->in(l)) add_unique(out, fold(*label));
    for (const std::string& also : labels->also) add_unique(out, fold(also));
    return out;
}

// What prompts show for a choice or an action in `tag`: its label in the chain, else in the default
// locale's chain, else its id.
std::string label_of(const std::string& id, const Labels* labels, std::string_view tag, std::string_view fallback) {
    if (labels)
        for (std::string_view chain : {tag, fallback})
            for (std::string_view l : chain_of(chain))
                if (const std::string* label = labels->in(l)) return *label;
    return id;
}

}  // namespace

std::string_view shipped_text(std::string_view locale, BuiltinText text) {
    for (const ShippedText& t : shipped_texts)
        if (t.locale == locale && t.id == text) return t.text;
    return {};
}

const std::vector<std::string_view>& shipped_words(std::string_view locale, WordClass cls) {
    static const std::vector<std::string_view> none;
    auto it = shipped_word_table().find({locale, cls});
    return it == shipped_word_table().end() ? none : it->second;
}

bool Lexicon::is(const std::string& folded, WordClass c) const {
    auto it = classes.find(folded);
    return it != classes.end() && (it->second >> static_cast<unsigned>(c) & 1);
}

bool Lexicon::says_couldnt(std::string_view folded) const {
    // "No, no pude": a leading no-word clause is the customer agreeing that it did not work.
    if (std::size_t comma = folded.find(','); comma != std::string_view::npos) {
        static thread_local std::string clause;  // reused: the word table is keyed by std::string
        clause.assign(trim_spaces(folded.substr(0, comma)));
        if (is(clause, WordClass::no)) folded = trim_spaces(folded.substr(comma + 1));
    }
    for (const std::string& phrase : couldnt)
        if (folded.substr(0, phrase.size()) == phrase && (folded.size() == phrase.size() || folded[phrase.size()] == ' ' ||
                                                          folded[phrase.size()] == ','))
            return true;
    return false;
}

std::string_view default_locale(const Program& p) noexcept {
    return p.policies.locales.empty() ? std::string_view("en") : std::string_view(p.policies.locales.front());
}

const Lexicon& lexicon_for(const Program& p, std::string_view tag) noexcept {
    for (; !tag.empty(); tag = parent_locale(tag))
        for (const Lexicon& l : p.lexicons)
            if (l.locale == tag) return l;
    std::string_view fallback = default_locale(p);
    for (; !fallback.empty(); fallback = parent_locale(fallback))
        for (const Lexicon& l : p.lexicons)
            if (l.locale == fallback) return l;
    return p.lexicons.front();  // en is always built
}

std::vector<std::string> choice_words(const Program& p, std::string_view tag, Id slot, Id choice) {
    const SlotDecl& d = p.slots[slot];
    return words_of(d.choices[choice], choice < d.words.size() ? &d.words[choice] : nullptr, tag);
}

std::vector<std::string> action_words(const Program& p, std::string_view tag, Id action) {
    return words_of(p.actions[action], action < p.action_labels.size() ? &p.action_labels[action] : nullptr, tag);
}

void fill_placeholder(std::string& text, std::string_view name, std::string_view value) {
    std::string hole = "{" + std::string(name) + "}";
    for (std::size_t at = text.find(hole); at != std::string::npos; at = text.find(hole, at + value.size()))
        text.replace(at, hole.size(), value);
}

namespace {
// The reply words of `tag`'s chain, shipped and the library's; none when the chain has none.
bool add_words(Lexicon& lex, const Program& p, std::string_view tag) {
    bool any = false;
    auto add = [&](WordClass cls, std::string_view word) {
        std::string folded = fold(word);
        if (word == "-") folded = "-";  // "-" for none, as a keypad or a form sends it
        if (folded.empty()) return;
        any = true;
        if (cls == WordClass::couldnt) add_unique(lex.couldnt, folded);
        else lex.classes[folded] |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(cls));
    };
    for (std::string_view l : chain_of(tag)) {
        for (const Word<WordClass>& c : word_class_words)
            for (std::string_view w : shipped_words(l, c.meaning)) add(c.meaning, w);
        for (const Policies::WordEntry& w : p.policies.words)
            if (w.locale == l) add(w.cls, w.word);
    }
    // Longer could-not phrases first, so the docs list them naturally; the match is a prefix test.
    std::stable_sort(lex.couldnt.begin(), lex.couldnt.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return any;
}

// A built-in text for `tag`'s chain: the library's, else the shipped one; empty when neither has it.
bool find_text(const Program& p, std::string_view tag, BuiltinText id, std::string& text, std::string& locale) {
    for (std::string_view l : chain_of(tag)) {
        for (const Policies::TextEntry& t : p.policies.texts)
            if (t.id == id && t.locale == l) {
                text = t.text;
                locale = std::string(l);
                return true;
            }
        std::string_view shipped = shipped_text(l, id);
        if (!shipped.empty()) {
            text = std::string(shipped);
            locale = std::string(l);
            return true;
        }
    }
    return false;
}

Lexicon build_one(const Program& p, const std::string& tag) {
    Lexicon lex;
    lex.locale = tag;
    std::string_view fallback = default_locale(p);
    if (!add_words(lex, p, tag) && !add_words(lex, p, fallback)) add_words(lex, p, "en");
    for (const Word<BuiltinText>& t : builtin_text_words) {
        auto i = static_cast<std::size_t>(t.meaning);
        if (!find_text(p, tag, t.meaning, lex.texts[i], lex.text_locales[i]) &&
            !find_text(p, fallback, t.meaning, lex.texts[i], lex.text_locales[i]))
            find_text(p, "en", t.meaning, lex.texts[i], lex.text_locales[i]);
    }
    lex.choices.resize(p.slots.size());
    lex.choice_labels.resize(p.slots.size());
    for (Id s = 0; s < p.slots.size(); ++s) {
        const SlotDecl& d = p.slots[s];
        if (d.type != SlotType::choice) continue;
        for (Id c = 0; c < d.choices.size(); ++c) {
            for (std::string& w : choice_words(p, tag, s, c)) lex.choices[s].emplace(std::move(w), c);  // the first keeps a word
            lex.choice_labels[s].push_back(label_of(d.choices[c], c < d.words.size() ? &d.words[c] : nullptr, tag, fallback));
        }
    }
    for (Id a = 0; a < p.actions.size(); ++a) {
        for (std::string& w : action_words(p, tag, a)) lex.actions.emplace(std::move(w), a);
        lex.action_labels.push_back(label_of(p.actions[a], a < p.action_labels.size() ? &p.action_labels[a] : nullptr, tag, fallback));
    }
    return lex;
}
}  // namespace

void build_lexicons(Program& p) {
    // en first (the last resort of lexicon_for), then every other locale the library mentions.
    std::vector<std::string> tags{"en"};
    auto add = [&](const std::string& tag) {
        if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
    };
    for (std::string_view l : shipped_locales) add(std::string(l));
    for (const std::string& l : p.policies.locales) add(l);
    for (const Policies::WordEntry& w : p.policies.words) add(w.locale);
    for (const Policies::TextEntry& t : p.policies.texts) add(t.locale);
    for (const Script& s : p.scripts) add(s.locale);
    for (const SlotDecl& d : p.slots)
        for (const Labels& l : d.words)
            for (const auto& [locale, label] : l.by_locale) add(locale);
    for (const Labels& l : p.action_labels)
        for (const auto& [locale, label] : l.by_locale) add(locale);
    p.lexicons.clear();
    for (const std::string& tag : tags) p.lexicons.push_back(build_one(p, tag));
}

}  // namespace parley::detail

#pragma once
#include <string>
#include <utility>
#include <vector>

#include "parley/export.hpp"

namespace parley {

/// A slot value as the host sees it: a boolean, a number or text.
/// Choice values are their choice name as text. Converting constructors make
/// pre-fill lists read naturally: `{{"modem.lights", "green"}, {"account.tenure_years", 10}}`.
/// Text given for a boolean or number slot is parsed as a reply would be ("yes", "12").
class PARLEY_API Value {
public:
    enum class Type { boolean, number, text };

    Value(bool b) : type_(Type::boolean), boolean_(b) {}
    Value(int n) : type_(Type::number), number_(n) {}
    Value(long n) : type_(Type::number), number_(static_cast<double>(n)) {}
    Value(double n) : type_(Type::number), number_(n) {}
    Value(const char* s) : type_(Type::text), text_(s) {}
    Value(std::string s) : type_(Type::text), text_(std::move(s)) {}

    Type type() const noexcept { return type_; }
    bool is_boolean() const noexcept { return type_ == Type::boolean; }
    bool is_number() const noexcept { return type_ == Type::number; }
    bool is_text() const noexcept { return type_ == Type::text; }
    bool as_boolean() const noexcept { return boolean_; }
    double as_number() const noexcept { return number_; }
    const std::string& as_text() const noexcept { return text_; }

    /// "true"/"false", a number without trailing zeros ("10", "2.5"), or the text itself.
    std::string to_string() const;

    friend bool operator==(const Value& a, const Value& b) noexcept {
        return a.type_ == b.type_ && a.boolean_ == b.boolean_ && a.number_ == b.number_ &&
               a.text_ == b.text_;
    }
    friend bool operator!=(const Value& a, const Value& b) noexcept { return !(a == b); }

private:
    Type type_;
    bool boolean_ = false;
    double number_ = 0;
    std::string text_;
};

/// Facts the host already knows when a session starts (from the CRM, or from listening first).
using Facts = std::vector<std::pair<std::string, Value>>;

}  // namespace parley

#pragma once
// parley::Result<T>: a value or the diagnostics that prevented it, returned by loading and starting.
#include <optional>
#include <utility>
#include <vector>

#include "parley/diagnostic.hpp"

namespace parley {

/// A value or the diagnostics that prevented it (an `expected`-style result).
/// A successful result may still carry warnings. `value()` throws `parley::Error` when empty.
/// [[nodiscard]]: a result dropped unread hides the diagnostics that say why it failed.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value, std::vector<Diagnostic> diagnostics = {})
        : value_(std::move(value)), diagnostics_(std::move(diagnostics)) {}
    explicit Result(std::vector<Diagnostic> diagnostics) : diagnostics_(std::move(diagnostics)) {}

    bool has_value() const noexcept { return value_.has_value(); }
    explicit operator bool() const noexcept { return has_value(); }

    T& value() & { check(); return *value_; }
    const T& value() const& { check(); return *value_; }
    T&& value() && { check(); return std::move(*value_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

private:
    void check() const {
        if (!value_) throw Error(diagnostics_);
    }
    std::optional<T> value_;
    std::vector<Diagnostic> diagnostics_;
};

}  // namespace parley

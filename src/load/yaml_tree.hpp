#pragma once
// A YAML document as the readers walk it: one flat array of nodes built from yaml-cpp's parser events.
// yaml-cpp's own tree (YAML::Load) costs about fifty times the file in memory and most of the load
// time; this one costs a few times the file (docs/performance.md, "Loading"). Its interface is the part of
// YAML::Node's that the readers use, with the same names, so reading code looks the same either way.
// An alias is the node its anchor names (never a copy), and never one of its own ancestors.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parley::detail {

/// A position as yaml-cpp gives it: from 0, and -1 when there is none.
struct YamlMark {
    int pos = -1;
    int line = -1;
    int column = -1;
};

class YamlTree;

class YamlNode {
public:
    /// A null node with no position (what a missing value reads as).
    YamlNode() = default;
    YamlNode(const YamlTree* tree, std::uint32_t index) : tree_(tree), index_(index) {}

    bool IsNull() const;
    bool IsScalar() const;
    bool IsSequence() const;
    bool IsMap() const;
    /// The scalar's text; empty for any other node.
    const std::string& Scalar() const;
    /// "!" for a scalar written in quotes or as a block, "?" otherwise (yaml-cpp's non-specific tags).
    const std::string& Tag() const;
    YamlMark Mark() const;
    /// Items of a sequence, entries of a map, 0 otherwise.
    std::size_t size() const;

    /// One step of iteration: the item itself for a sequence; for a map, `first` (the key) and `second`
    /// (the value), as with yaml-cpp's iterators.
    struct Item;
    class iterator;
    iterator begin() const;
    iterator end() const;

private:
    const YamlTree* tree_ = nullptr;
    std::uint32_t index_ = 0;
};

struct YamlNode::Item : YamlNode {
    YamlNode first, second;
};

class YamlNode::iterator {
public:
    iterator(const YamlTree* tree, const std::uint32_t* at, bool pairs) : tree_(tree), at_(at), pairs_(pairs) {}
    const Item& operator*() {
        load();
        return item_;
    }
    const Item* operator->() {
        load();
        return &item_;
    }
    iterator& operator++() {
        at_ += pairs_ ? 2 : 1;
        return *this;
    }
    bool operator==(const iterator& other) const { return at_ == other.at_; }
    bool operator!=(const iterator& other) const { return at_ != other.at_; }

private:
    void load() {
        if (pairs_) {
            item_.first = YamlNode(tree_, at_[0]);
            item_.second = YamlNode(tree_, at_[1]);
            static_cast<YamlNode&>(item_) = item_.first;
        } else {
            static_cast<YamlNode&>(item_) = YamlNode(tree_, *at_);
        }
    }
    const YamlTree* tree_;
    const std::uint32_t* at_;
    bool pairs_;
    Item item_;
};

class YamlTree {
public:
    enum class Kind : std::uint8_t { null, scalar, sequence, map };

    /// Parses `text` (yaml-cpp's exceptions go through) and returns the root of each document.
    /// `alias_budget`: how much more aliases may make a reader meet (see alias_weight).
    std::vector<YamlNode> parse(std::string_view text, std::uint64_t alias_budget);

    /// How much more a reader walking every document would meet because of aliases: each node costs
    /// its text and a fixed overhead (what reading it builds), each time an alias reaches it again.
    /// Saturates at UINT64_MAX.
    std::uint64_t alias_weight() const { return alias_weight_; }
    /// Where the alias that went over the budget leads (the anchored node); no position if none did.
    YamlMark over_budget_at() const { return over_budget_at_; }
    static constexpr std::uint64_t node_weight = 16;

private:
    friend class YamlNode;
    friend class YamlTreeBuilder;
    struct Stored {
        Kind kind = Kind::null;
        bool non_plain = false;  // a scalar in quotes or a block
        YamlMark mark;
        std::uint32_t first = 0, count = 0;  // its children in children_ (keys and values alternate in a map)
        std::uint64_t weight = 0;            // its text and overhead, its children's included (aliases expanded)
        std::string text;
    };
    std::vector<Stored> nodes_;
    std::vector<std::uint32_t> children_;
    std::uint64_t alias_weight_ = 0;
    std::uint64_t alias_budget_ = 0;
    YamlMark over_budget_at_;
};

}  // namespace parley::detail

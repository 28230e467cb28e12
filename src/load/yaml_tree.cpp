// Builds a YamlTree from yaml-cpp's parser events (yaml_tree.hpp).
#include "load/yaml_tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <limits>
#include <sstream>
#include <stdexcept>

namespace parley::detail {

namespace {
const std::string empty_text;
const std::string plain_tag = "?";
const std::string non_plain_tag = "!";
}  // namespace

bool YamlNode::IsNull() const { return !tree_ || tree_->nodes_[index_].kind == YamlTree::Kind::null; }
bool YamlNode::IsScalar() const { return tree_ && tree_->nodes_[index_].kind == YamlTree::Kind::scalar; }
bool YamlNode::IsSequence() const { return tree_ && tree_->nodes_[index_].kind == YamlTree::Kind::sequence; }
bool YamlNode::IsMap() const { return tree_ && tree_->nodes_[index_].kind == YamlTree::Kind::map; }
const std::string& YamlNode::Scalar() const { return tree_ ? tree_->nodes_[index_].text : empty_text; }
const std::string& YamlNode::Tag() const {
    return tree_ && tree_->nodes_[index_].non_plain ? non_plain_tag : plain_tag;
}
YamlMark YamlNode::Mark() const { return tree_ ? tree_->nodes_[index_].mark : YamlMark{}; }

std::size_t YamlNode::size() const {
    if (!tree_) return 0;
    const auto& n = tree_->nodes_[index_];
    return n.kind == YamlTree::Kind::map ? n.count / 2 : n.count;
}

YamlNode::iterator YamlNode::begin() const {
    if (!tree_) return iterator(nullptr, nullptr, false);
    const auto& n = tree_->nodes_[index_];
    return iterator(tree_, tree_->children_.data() + n.first, n.kind == YamlTree::Kind::map);
}

YamlNode::iterator YamlNode::end() const {
    if (!tree_) return iterator(nullptr, nullptr, false);
    const auto& n = tree_->nodes_[index_];
    return iterator(tree_, tree_->children_.data() + n.first + n.count, n.kind == YamlTree::Kind::map);
}

/// Receives one document's events. A container's children wait in `pending_` until it ends, then move
/// to the tree's children array in one piece, so each container's children are contiguous.
class YamlTreeBuilder : public YAML::EventHandler {
public:
    explicit YamlTreeBuilder(YamlTree& tree) : tree_(tree) {}

    std::uint32_t root() const { return root_; }
    const YAML::Mark& start() const { return start_; }

    void OnDocumentStart(const YAML::Mark& mark) override { start_ = mark; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        add(YamlTree::Kind::null, mark, false, anchor, {});
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        // An anchor whose node is still open (an alias inside its own anchor) reads as null: the tree
        // stays a tree, and no reader can loop on it.
        if (anchor < anchors_.size() && anchors_[anchor] != none) {
            std::uint32_t target = anchors_[anchor];
            bool within = tree_.alias_weight_ <= tree_.alias_budget_;
            tree_.alias_weight_ = saturated_add(tree_.alias_weight_, tree_.nodes_[target].weight);
            if (within && tree_.alias_weight_ > tree_.alias_budget_) tree_.over_budget_at_ = tree_.nodes_[target].mark;
            attach(target);
        } else {
            add(YamlTree::Kind::null, mark, false, YAML::NullAnchor, {});
        }
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& value) override {
        add(YamlTree::Kind::scalar, mark, tag == "!", anchor, value);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
        open(YamlTree::Kind::sequence, mark, anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
        open(YamlTree::Kind::map, mark, anchor);
    }
    void OnMapEnd() override { close(); }

private:
    static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    static std::uint64_t saturated_add(std::uint64_t a, std::uint64_t b) {
        return a > std::numeric_limits<std::uint64_t>::max() - b ? std::numeric_limits<std::uint64_t>::max() : a + b;
    }
    struct Open {
        std::uint32_t node;
        std::size_t pending_start;
        YAML::anchor_t anchor;
    };

    std::uint32_t store(YamlTree::Kind kind, const YAML::Mark& mark, bool non_plain, std::string text) {
        if (tree_.nodes_.size() >= none) throw std::length_error("too many YAML nodes");
        auto index = static_cast<std::uint32_t>(tree_.nodes_.size());
        YamlTree::Stored& s = tree_.nodes_.emplace_back();
        s.kind = kind;
        s.non_plain = non_plain;
        s.mark = {mark.pos, mark.line, mark.column};
        s.weight = YamlTree::node_weight + text.size();
        s.text = std::move(text);
        return index;
    }
    void name(YAML::anchor_t anchor, std::uint32_t index) {
        if (anchor == YAML::NullAnchor) return;
        if (anchor >= anchors_.size()) anchors_.resize(anchor + 1, none);
        anchors_[anchor] = index;
    }
    void attach(std::uint32_t index) {
        if (open_.empty()) root_ = index;
        else pending_.push_back(index);
    }
    void add(YamlTree::Kind kind, const YAML::Mark& mark, bool non_plain, YAML::anchor_t anchor, std::string text) {
        std::uint32_t index = store(kind, mark, non_plain, std::move(text));
        name(anchor, index);
        attach(index);
    }
    void open(YamlTree::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
        std::uint32_t index = store(kind, mark, false, {});
        attach(index);
        open_.push_back({index, pending_.size(), anchor});
    }
    void close() {
        Open o = open_.back();
        open_.pop_back();
        YamlTree::Stored& s = tree_.nodes_[o.node];
        s.first = static_cast<std::uint32_t>(tree_.children_.size());
        s.count = static_cast<std::uint32_t>(pending_.size() - o.pending_start);
        tree_.children_.insert(tree_.children_.end(), pending_.begin() + static_cast<std::ptrdiff_t>(o.pending_start),
                               pending_.end());
        for (std::size_t i = o.pending_start; i < pending_.size(); ++i)
            s.weight = saturated_add(s.weight, tree_.nodes_[pending_[i]].weight);
        pending_.resize(o.pending_start);
        name(o.anchor, o.node);  // only now: an alias can't name a node from inside it
    }

    YamlTree& tree_;
    YAML::Mark start_ = YAML::Mark::null_mark();
    std::uint32_t root_ = none;
    std::vector<std::uint32_t> anchors_;
    std::vector<Open> open_;
    std::vector<std::uint32_t> pending_;
};

std::vector<YamlNode> YamlTree::parse(std::string_view text, std::uint64_t alias_budget) {
    alias_budget_ = alias_budget;
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    std::vector<YamlNode> documents;
    int last_start = -1;
    for (;;) {
        YamlTreeBuilder builder(*this);
        if (!parser.HandleNextDocument(builder)) break;
        bool empty = builder.root() == std::numeric_limits<std::uint32_t>::max();
        // yaml-cpp's parser can stop moving on a token it does not expect (a ',' outside brackets at
        // the start of a file) and return the same empty document forever: every real document,
        // even an empty one, starts further on than the one before.
        if (builder.start().pos <= last_start)
            throw YAML::ParserException(builder.start(), "unexpected ',' or other flow indicator outside brackets; quote the text it starts");
        last_start = builder.start().pos;
        documents.push_back(empty ? YamlNode() : YamlNode(this, builder.root()));
    }
    return documents;
}

}  // namespace parley::detail

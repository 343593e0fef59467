#pragma once
// `terraform graph` DOT output, in its three styles:
//  (a) Terraform ≤ 0.12: "[root] aws_elb.web" nodes with shapes, "[root] provider.aws", meta nodes;
//  (b) Terraform 0.13–1.6 default and `terraform graph -type=plan`: " (expand)" / " (close)" suffixes,
//      provider["registry.terraform.io/..."] nodes, module variables and outputs between resources;
//  (c) Terraform ≥ 1.7 default: resources only, modules as cluster_module.x subgraphs.
// Read with Graphviz cgraph (agmemread), after skipping whatever precedes the first line starting
// with "digraph" (warning boxes captured with 2>&1). Node ids are normalised ("[root] " and
// " (expand)"/" (close)" removed); root, meta, provider, var, local, output and bare module nodes
// are dropped, and paths through them are re-linked so resources stay connected; edges point from
// the dependent to its dependency. Keys "tf:<config address>" (the graph knows no instances; the merge
// joins them to a state's instances: planMerge()), scope "tfgraph:<file name>". Shared Terraform rules:
// TerraformCommon.h.

#include "FormatParser.h"

namespace terrain {

class TfGraphParser : public FormatParser {
public:
    std::string format() const override { return "tfgraph"; }
    std::string description() const override;
    int sniff(const std::string& fileName, const std::string& text) const override;
    Discovery parse(const SourceText& src, const ParseOptions& options) const override;
};

} // namespace terrain

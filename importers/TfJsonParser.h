#pragma once
// `terraform show -json` output (format_version 0.1, 0.2 and 1.x):
//  - of a state: values.root_module and its child_modules; `sensitive_values` redacted;
//  - of a plan: systems from prior_state, planned_values and resource_changes (each keeps its
//    planned action as the fact "planned_action": create/update/delete/replace/read/no-op), edges
//    from the configuration's expression references (the intended dependencies: var./local./each./
//    count./path. dropped, module variables followed to the caller's arguments, module outputs to the
//    module's resources, literal instance keys honoured), depends_on, and the prior state's lists.
// Keys "tf:<address>", the same as the state file's, so a state and a plan of one stack join up.
// Scope "tfjson:<file name>" (show output carries no lineage). UTF-16 files with a BOM (PowerShell
// redirection) are fine: decodeText() handles them. Shared Terraform rules: TerraformCommon.h.

#include "FormatParser.h"

namespace terrain {

class TfJsonParser : public FormatParser {
public:
    std::string format() const override { return "tfjson"; }
    std::string description() const override;
    int sniff(const std::string& fileName, const std::string& text) const override;
    Discovery parse(const SourceText& src, const ParseOptions& options) const override;
};

} // namespace terrain

#pragma once
// AWS CloudFormation templates, JSON or YAML (short-form tags such as !Ref, !GetAtt, !Sub are read as
// their long Fn:: forms).
//
// Systems are the template's Resources (keys "cfn:<stack>/<LogicalId>", group and scope the stack),
// with a kind from their Type. Low-level resources fold into the system they belong to
// (DiscoveredSystem::folded): security group ingress/egress rules into their group, IAM policies into
// their role, routes and route table associations into the route table, listeners and listener rules
// into the load balancer, Lambda permissions and event source mappings into the function, API Gateway
// methods/stages into the API, DNS records into the hosted zone...; task definitions, launch
// templates, DB subnet and parameter groups fold into the one resource that uses them. Plumbing (wait
// conditions, custom resources, CDK metadata) is counted in Discovery::skipped. A folded resource's
// edges are its home's edges.
//
// Edges: DependsOn; Ref to a resource (never a parameter or an AWS:: pseudo parameter); Fn::GetAtt in
// both forms; Fn::Sub placeholders ${X} and ${X.Attr} (not ${!Literal}, not ${AWS::...}, not the local
// variables of the [string, {vars}] form); Fn::If branches (evidence says which condition).
//
// Cross-stack: an Output's Export.Name and an Fn::ImportValue name are evaluated with a small
// evaluator (Fn::Join, Fn::Sub, Fn::Select, Fn::FindInMap, Ref of a parameter → its Default). A
// template never knows its own stack name (it is chosen at deploy time), and the usual idiom passes
// the other stack's name as a parameter (StackName, NetworkStackName, ParentVPCStack...), so
// AWS::StackName and parameters whose name contains "Stack" evaluate to "*" on both sides:
//   exporter:  !Join [':', [!Ref AWS::StackName, ClusterName]]       → "*:ClusterName"
//   importer:  !ImportValue !Join [':', [!Ref StackName, ClusterName]] → "*:ClusterName"
// The exporting resource gets the identifier "cfn-export:<name>", the importing resource an edge to
// that identifier, so the two stacks join when imported together. When the template declares its
// stack name (Metadata: {StackName: prod}), the exporter also gets "cfn-export:<name with it>".
//
// Secrets: parameters are never kept (NoEcho ones are not even evaluated), properties pass through
// safeAttributes (MasterUserPassword, UserData, SSM parameter values, inline code are dropped), only
// literal scalars are kept; {{resolve:secretsmanager:...}} references are kept (they are not values).

#include "FormatParser.h"

namespace terrain {

class CfnParser : public FormatParser {
public:
    std::string format() const override { return "cfn"; }
    std::string description() const override;
    int sniff(const std::string& fileName, const std::string& text) const override;
    /// A Serverless Framework service (serverless.yml), whose `resources` hold CloudFormation's.
    std::optional<std::string> notAnInput(const std::string& fileName, const std::string& text,
                                          const ParseOptions& options) const override;
    Discovery parse(const SourceText& src, const ParseOptions& options) const override;
};

} // namespace terrain

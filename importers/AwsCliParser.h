#pragma once
// Outputs of AWS CLI describe/list calls (`aws ... --output json`, the same JSON as the API; or
// `--output yaml`, and `yaml-stream`, whose pages are one output), one call per file:
//   ec2 describe-instances        Reservations[].Instances[]   compute  (terminated ones skipped)
//   ec2 describe-security-groups  SecurityGroups[]             network
//   ec2 describe-subnets          Subnets[]                    network
//   ec2 describe-vpcs             Vpcs[]                       network
//   elbv2 describe-load-balancers LoadBalancers[]              load-balancer
//   elb describe-load-balancers   LoadBalancerDescriptions[]   load-balancer (classic)
//   elbv2 describe-listeners      Listeners[]                  not systems: each is a fact of its load
//                                 balancer ("HTTPS:443 (ELBSecurityPolicy-2016-08) forward to web", "HTTP:80
//                                 redirect to HTTPS:443"), which routes to the groups it forwards to
//   elbv2 describe-target-groups  TargetGroups[]               load-balancer (as aws_lb_target_group)
//   elbv2 describe-target-health  TargetHealthDescriptions[]   the targets of one target group, which
//                                 the output does not name: the file's path does (CloudMapper keeps it
//                                 in elbv2-describe-target-health/<the group's ARN, URL-encoded>), or a
//                                 TargetGroupArn member beside the list (a script's, for several groups)
//   rds describe-db-instances     DBInstances[]                database; an Aurora cluster's runs on it
//   rds describe-db-clusters      DBClusters[]                 database, known by its writer and reader
//                                 endpoints (which applications name); its members run on it
//   lambda list-functions         Functions[]                  function
//   ecs describe-services         services[] (camelCase)       service: runs on its cluster (its group) and
//                                 subnets, configured by its security groups, depends on the target
//                                 groups its tasks register in (as a state's aws_ecs_service does),
//                                 configured by its task definition's family
//   ecs describe-task-definition  taskDefinition (one)         service: one system for every revision
//                                 (key: the family's ARN); its containers' images, and edges to what
//                                 their environment names (as a function's) and where their secrets
//                                 are kept (valueFrom); never an environment's value
//   resourcegroupstaggingapi get-resources  ResourceTagMappingList[]: every tagged thing of every service,
//                                 of the kind its ARN says (CloudResources.h); what is no system (a log
//                                 group, a snapshot, a function's version) is left out and counted
//
// What `--query` leaves of them is read alike, when it keeps the API's names: the resources in a list
// (Reservations[].Instances[]), lists of lists (Reservations[*].Instances[*]), the reservations, or one
// resource alone (Reservations[0].Instances[0]). Each resource is known by its identifying member
// (InstanceId, GroupId, SubnetId, VpcId, LoadBalancerArn, LoadBalancerName, ListenerArn, TargetGroupArn,
// Target, DBInstanceIdentifier, DBClusterIdentifier, FunctionName, ResourceARN, serviceArn,
// taskDefinitionArn); anything else in the list (ids alone, renamed fields) is an error at its place.
//
// Keys "aws:<id>" for ids (i-..., sg-..., subnet-..., vpc-...) and "aws:<ARN>" for what has no short
// id (load balancers, target groups, DB instances, functions, what the tagging API lists but EC2's).
// Identifiers: the id and the ARN (given, or built from the account and region when both are known), public
// DNS names and IPs, an instance's private IPs and DNS names (those of its network interfaces too), RDS
// endpoint addresses and resource ids — so a Terraform state's aws_instance with the same id, an inventory
// row or a Prometheus target naming its private IP are the same system. A name two systems of the output
// share (one private IP in two VPCs) names neither, and is left out; planMerge() keeps two instances that
// have one private IP apart. Names from the Name tag, environment from an Environment/Env/Stage tag, owner
// from Owner/Team. Group: the VPC id.
//
// Edges name the other end by its bare id, so they join whatever file defines it:
//   instance → subnet (runs-on), → security groups (configured-by), → VPC when it has no subnet;
//   subnet → VPC, security group → VPC (depends-on); security group → the groups its inbound rules
//   allow (IpPermissions[].UserIdGroupPairs, depends-on, evidence "ingress tcp/5432 from sg-...");
//   load balancer → subnets, security groups, (classic) instances; load balancer → the target groups
//   that name it (LoadBalancerArns, routes-to), target group → VPC (runs-on) and → its targets (routes-to:
//   an instance by its id, a function or load balancer by its ARN; an IP address, mostly a container's,
//   only as a fact; each target's port and health kept as a fact of the group, "i-0abc:80 unhealthy
//   (Target.ResponseCodeMismatch)"); RDS → subnets of its DB subnet
//   group, VPC security groups, the source of a read replica; Lambda → VpcConfig subnets and security
//   groups, and AWS endpoints/ARNs its environment variables name (evidence "env NAME", never the
//   value: Lambda Environment.Variables values are never kept).
//
// Account and region come from ARNs, OwnerId and availability zones, or from a CloudMapper-style
// path (account-data/<account>/<region>/...). A NextToken/Marker in the output means more results
// were not fetched: warning "partial output". Scope "awscli:<file name>", or
// "awscli:<account>/<region>/<file name>" when the path names them.

#include "FormatParser.h"

namespace terrain {

class AwsCliParser : public FormatParser {
public:
    std::string format() const override { return "awscli"; }
    std::string description() const override;
    int sniff(const std::string& fileName, const std::string& text) const override;
    Discovery parse(const SourceText& src, const ParseOptions& options) const override;
};

} // namespace terrain

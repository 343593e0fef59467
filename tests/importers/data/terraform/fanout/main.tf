terraform {
  required_version = ">= 1.5"
}
variable "envs" {
  default = ["staging", "production"]
}
module "net" {
  source = "./modules/net"
  cidr   = "10.0.0.0/16"
}
module "svc" {
  source   = "./modules/svc"
  for_each = toset(["orders", "billing", "search"])
  name     = each.key
  subnet   = module.net.subnet_id
}
module "worker" {
  source = "./modules/svc"
  count  = 2
  name   = "worker-${count.index}"
  subnet = module.net.subnet_id
  upstream = module.svc["orders"].endpoint
}
resource "terraform_data" "gateway" {
  input = {
    routes = [for k, m in module.svc : m.endpoint]
    db_password = "SEED-gw-password-123"
  }
  depends_on = [module.worker]
}
output "gateway" { value = terraform_data.gateway.id }
output "network" {
  value = { subnet = module.net.subnet_id, apps = { for k, m in module.svc : k => m.endpoint } }
}
output "workers" { value = [for w in module.worker : w.endpoint] }

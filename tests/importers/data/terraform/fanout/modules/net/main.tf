variable "cidr" {}
resource "terraform_data" "vpc" { input = { cidr = var.cidr } }
resource "terraform_data" "subnet" {
  count = 2
  input = { vpc = terraform_data.vpc.id, index = count.index }
}
output "subnet_id" { value = terraform_data.subnet[0].id }

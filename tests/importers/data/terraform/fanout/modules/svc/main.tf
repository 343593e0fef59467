variable "name" {}
variable "subnet" {}
variable "upstream" { default = "" }
resource "terraform_data" "app" {
  input = { name = var.name, subnet = var.subnet, upstream = var.upstream, url = "https://${var.name}.internal.example.com" }
}
resource "terraform_data" "queue" {
  for_each = toset(["in", "dlq"])
  input = { app = terraform_data.app.id, q = each.key }
}
output "endpoint" { value = terraform_data.app.id }

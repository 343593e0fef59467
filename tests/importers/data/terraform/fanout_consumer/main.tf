data "terraform_remote_state" "fan" {
  backend = "local"
  config = { path = "../fanout/terraform.tfstate" }
}
resource "terraform_data" "consumer" {
  input = { gw = data.terraform_remote_state.fan.outputs.gateway }
}
resource "terraform_data" "uses_net" {
  input = { subnet = data.terraform_remote_state.fan.outputs.network.subnet, orders = data.terraform_remote_state.fan.outputs.network.apps["orders"], w = data.terraform_remote_state.fan.outputs.workers[1] }
}

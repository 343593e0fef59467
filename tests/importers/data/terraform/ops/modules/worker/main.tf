variable "queue_id" {
  type = string
}

resource "terraform_data" "proc" {
  input = { queue_id = var.queue_id }
}

output "proc_id" {
  value = terraform_data.proc.id
}

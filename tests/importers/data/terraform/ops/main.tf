# A small stack of terraform_data resources (no provider download) that exercises what the
# fixtures lack: tainted and deposed objects, a moved resource, a module with count, a deletion.
variable "release" {
  type    = string
  default = "1"
}

variable "api_token" {
  type      = string
  sensitive = true
  default   = "tok-PLANTED-9f8e7d6c"
}

resource "terraform_data" "queue" {
  input = { name = "jobs", token = var.api_token }
}

resource "terraform_data" "db" {
  input = { engine = "postgres" }
}

resource "terraform_data" "web" {
  triggers_replace = [var.release]
  input            = { db_id = terraform_data.db.id }
  lifecycle {
    create_before_destroy = true
  }
  provisioner "local-exec" {
    when    = destroy
    command = "test -f ${path.module}/allow-destroy"
  }
}

module "worker" {
  source   = "./modules/worker"
  count    = 1
  queue_id = terraform_data.queue.id
}

moved {
  from = terraform_data.cron
  to   = terraform_data.scheduler
}

resource "terraform_data" "scheduler" {
  input = { queue = terraform_data.queue.id }
}

resource "terraform_data" "migrate" {
  input = { db = terraform_data.db.id }
  provisioner "local-exec" {
    command = "exit 1"
  }
}

# Values come from the cluster settings: render writes them to
# clusters/<name>/bootstrap/terraform/backup-buckets.auto.tfvars.json.

variable "aws_bucket" {
  description = "Off-site Velero bucket on AWS S3 (the DR cluster restores from it)."
  type = object({
    bucket = string
    region = string
  })
}

variable "onprem_bucket" {
  description = "On-prem Velero bucket on the S3-compatible store."
  type = object({
    bucket           = string
    region           = string
    endpoint         = string
    force_path_style = bool
  })
}

variable "noncurrent_version_days" {
  description = "Days a replaced or deleted backup object version is kept (protects against a bad prune)."
  type        = number
  default     = 30
}

# Values come from the DR cluster's settings: render writes them to
# clusters/helix-aws-dr/bootstrap/terraform/dr-eks.auto.tfvars.json.

variable "cluster_name" {
  description = "EKS cluster name (the DR cluster's name in clusters/)."
  type        = string
}

variable "region" {
  description = "AWS region of the standby (the region of the off-site backup bucket)."
  type        = string
}

variable "kubernetes_version" {
  description = "EKS Kubernetes minor version, kept on the on-prem cluster's minor."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR of the standby VPC."
  type        = string
  default     = "10.90.0.0/16"
}

variable "node_instance_types" {
  description = "Instance types of the standby node group."
  type        = list(string)
  default     = ["m7i.xlarge"]
}

variable "node_count" {
  description = "Nodes while on standby (min/desired); a failover scales the group up."
  type = object({
    min     = number
    desired = number
    max     = number
  })
  default = { min = 2, desired = 2, max = 8 }
}

variable "backup_bucket" {
  description = "The off-site Velero bucket the standby restores from."
  type        = string
}

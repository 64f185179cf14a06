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
  description = "Instance types of the system node group (Karpenter chooses its own nodes' types)."
  type        = list(string)
  default     = ["m7i.xlarge"]
}

variable "node_count" {
  description = "Size of the fixed system node group; Karpenter adds every other node on demand."
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

variable "karpenter" {
  description = "Names of Karpenter's AWS side, as the cluster's Karpenter uses them (settings.eks.karpenter); null: no Karpenter."
  type = object({
    namespace               = string
    service_account         = string
    controller_role_name    = string
    node_role_name          = string
    interruption_queue_name = string
  })
  default = null
}

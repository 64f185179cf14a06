# The disaster-recovery standby on EKS: a small VPC, the cluster with a small fixed system node
# group (Karpenter, Flux, the EKS add-ons), the AWS side of Karpenter, which launches every other
# node on demand, and a pod identity that lets Velero read the off-site backups.

provider "aws" {
  region = var.region
}

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 3)
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.0.0"

  name            = var.cluster_name
  cidr            = var.vpc_cidr
  azs             = local.azs
  private_subnets = [for i, _ in local.azs : cidrsubnet(var.vpc_cidr, 4, i)]
  public_subnets  = [for i, _ in local.azs : cidrsubnet(var.vpc_cidr, 8, 48 + i)]

  enable_nat_gateway = true
  single_nat_gateway = true

  public_subnet_tags = { "kubernetes.io/role/elb" = 1 }
  # Karpenter launches nodes in the subnets carrying the discovery tag (its EC2NodeClasses select it).
  private_subnet_tags = {
    "kubernetes.io/role/internal-elb" = 1
    "karpenter.sh/discovery"          = var.cluster_name
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.0.0"

  name               = var.cluster_name
  kubernetes_version = var.kubernetes_version
  vpc_id             = module.vpc.vpc_id
  subnet_ids         = module.vpc.private_subnets

  endpoint_public_access                   = true
  enable_cluster_creator_admin_permissions = true

  addons = {
    coredns                = {}
    kube-proxy             = {}
    vpc-cni                = { before_compute = true }
    eks-pod-identity-agent = { before_compute = true }
    aws-ebs-csi-driver     = {}
  }

  # Karpenter's nodes join with the node security group: the discovery tag lets its EC2NodeClasses find it.
  node_security_group_tags = { "karpenter.sh/discovery" = var.cluster_name }

  # Fixed and small: it runs Karpenter itself (kept off the nodes it launches), Flux and the add-ons.
  eks_managed_node_groups = {
    system = {
      instance_types = var.node_instance_types
      min_size       = var.node_count.min
      desired_size   = var.node_count.desired
      max_size       = var.node_count.max
      labels         = { "helix.ai/node-group" = "system" }
    }
  }
}

# Karpenter's AWS side, from the EKS module's own submodule: the controller role with its Pod
# Identity association (namespace and service account from the cluster settings), the node role
# with its EKS access entry (Karpenter creates the instance profiles from it), and the SQS queue
# with the EventBridge rules for spot interruptions, rebalance recommendations and instance health.
module "karpenter" {
  source  = "terraform-aws-modules/eks/aws//modules/karpenter"
  version = "21.0.0"
  count   = var.karpenter == null ? 0 : 1

  cluster_name = module.eks.cluster_name

  namespace                       = var.karpenter.namespace
  service_account                 = var.karpenter.service_account
  create_pod_identity_association = true

  iam_role_name            = var.karpenter.controller_role_name
  iam_role_use_name_prefix = false

  node_iam_role_name            = var.karpenter.node_role_name
  node_iam_role_use_name_prefix = false
  node_iam_role_additional_policies = {
    AmazonSSMManagedInstanceCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
  }

  queue_name = var.karpenter.interruption_queue_name
}

# Velero in the standby restores from the off-site bucket: read-only on purpose.
data "aws_iam_policy_document" "velero_trust" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "velero" {
  name               = "${var.cluster_name}-velero"
  assume_role_policy = data.aws_iam_policy_document.velero_trust.json
}

resource "aws_iam_role_policy" "velero_read_backups" {
  name = "read-backups"
  role = aws_iam_role.velero.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = ["arn:aws:s3:::${var.backup_bucket}", "arn:aws:s3:::${var.backup_bucket}/*"]
      },
    ]
  })
}

resource "aws_eks_pod_identity_association" "velero" {
  cluster_name    = module.eks.cluster_name
  namespace       = "velero"
  service_account = "velero-server"
  role_arn        = aws_iam_role.velero.arn
}

output "cluster_endpoint" {
  value = module.eks.cluster_endpoint
}

output "velero_role_arn" {
  value = aws_iam_role.velero.arn
}

output "karpenter_queue_name" {
  value = var.karpenter == null ? null : module.karpenter[0].queue_name
}

output "karpenter_node_role_name" {
  value = var.karpenter == null ? null : module.karpenter[0].node_iam_role_name
}

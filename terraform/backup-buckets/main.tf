# The two Velero backup locations: AWS S3 for off-site copies, and the on-prem S3-compatible store
# (MinIO, Ceph RGW…) through the same provider with a custom endpoint.

provider "aws" {
  alias  = "aws"
  region = var.aws_bucket.region
}

provider "aws" {
  alias                       = "onprem"
  region                      = var.onprem_bucket.region
  s3_use_path_style           = var.onprem_bucket.force_path_style
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    s3 = var.onprem_bucket.endpoint
  }
}

resource "aws_s3_bucket" "aws" {
  provider = aws.aws
  bucket   = var.aws_bucket.bucket
}

resource "aws_s3_bucket_versioning" "aws" {
  provider = aws.aws
  bucket   = aws_s3_bucket.aws.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "aws" {
  provider = aws.aws
  bucket   = aws_s3_bucket.aws.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "aws" {
  provider                = aws.aws
  bucket                  = aws_s3_bucket.aws.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "aws" {
  provider = aws.aws
  bucket   = aws_s3_bucket.aws.id
  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }
  }
}

resource "aws_s3_bucket" "onprem" {
  provider = aws.onprem
  bucket   = var.onprem_bucket.bucket
}

resource "aws_s3_bucket_versioning" "onprem" {
  provider = aws.onprem
  bucket   = aws_s3_bucket.onprem.id
  versioning_configuration {
    status = "Enabled"
  }
}

# Velero's service account: it may only read and write its own bucket.
resource "aws_iam_user" "velero" {
  provider = aws.aws
  name     = "velero-${var.aws_bucket.bucket}"
}

resource "aws_iam_user_policy" "velero" {
  provider = aws.aws
  name     = "velero-bucket"
  user     = aws_iam_user.velero.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:DeleteObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
        Resource = ["${aws_s3_bucket.aws.arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = [aws_s3_bucket.aws.arn]
      },
    ]
  })
}

output "aws_bucket_arn" {
  value = aws_s3_bucket.aws.arn
}

output "velero_iam_user" {
  value = aws_iam_user.velero.name
}

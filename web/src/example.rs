//! The scenario the page opens on, so a first-time visitor sees a decision at once.

/// An identity policy allowing `ec2:DescribeVolumes` on volumes in one account, and a request it covers.
pub const EXAMPLE_SCENARIO: &str = r#"{
  "policies": {
    "identity": [
      {
        "name": "VolumesOnly",
        "document": {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "Stmt1414688041000",
              "Effect": "Allow",
              "Action": ["ec2:DescribeVolumes"],
              "Resource": ["arn:aws:ec2:us-east-1:111122223333:volume/*"]
            }
          ]
        }
      }
    ]
  },
  "request": {
    "principal": "arn:aws:iam::111122223333:user/alice",
    "action": "ec2:DescribeVolumes",
    "resource": "arn:aws:ec2:us-east-1:111122223333:volume/vol-0abc"
  }
}
"#;

// Package synth generates CloudFormation templates of a chosen size for
// benchmarks and scale tests. The output is deterministic: the same
// arguments always give the same bytes, so measurements and findings can
// be compared across runs.
//
// A template is built from units of UnitSize resources. Each unit holds
// the shapes whose rules join resources with each other: a KMS key; a
// security group whose ingress names the previous unit's group (by
// Fn::GetAtt, and by Ref in a separate ingress or egress resource); an IAM
// role and a policy attached to it; a bucket logging into a shared log
// bucket (every fourth unit's bucket is one) with a bucket policy; a Lambda
// function whose role, key and environment refer to the unit's other
// resources; a log group; a queue; and one resource of a pair that rules
// join (a VPC and its flow log, a CloudFront distribution and its log
// delivery source, a Redshift parameter group and its cluster, in turn).
// Some units are deliberately insecure (open SSH, wildcard actions, no
// encryption, no rotation, no access logs) so that rules report findings
// at every size. References only ever point to resources earlier in the
// template, so a template cut to any size is still well formed.
package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// UnitSize is the number of resources in one repeating unit.
const UnitSize = 11

// Template returns a YAML template with exactly n resources (at least one).
func Template(n int) []byte {
	n = max(n, 1)
	var b strings.Builder
	b.Grow(n * 420)
	b.WriteString("AWSTemplateFormatVersion: '2010-09-09'\n")
	fmt.Fprintf(&b, "Description: synthetic template with %d resources\n", n)
	b.WriteString("Resources:\n")
	written := 0
	for unit := 0; written < n; unit++ {
		for _, res := range unitResources(unit) {
			if written == n {
				break
			}
			b.WriteString(res)
			written++
		}
	}
	return []byte(b.String())
}

// SmallTemplate returns the i-th of a family of small templates (one unit,
// UnitSize resources) that differ from each other in names and in which
// checks they fail, like the many small stacks of a repository.
func SmallTemplate(i int) []byte {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: '2010-09-09'\n")
	fmt.Fprintf(&b, "Description: synthetic small template %d\n", i)
	b.WriteString("Resources:\n")
	// Unit i's log bucket is in unit i-i%4 and its security group peer in
	// unit i-1; renaming them into this template keeps every reference
	// inside the file.
	// The second of a joined pair names the previous unit: a small
	// template has the first of the pair instead.
	resources := unitResources(i)
	resources[len(resources)-1] = pairMember(i, i%6-i%2)
	for _, res := range resources {
		b.WriteString(res)
	}
	text := b.String()
	if i%4 != 0 {
		text = strings.ReplaceAll(text, fmt.Sprintf("Bucket%d\n", i-i%4), fmt.Sprintf("Bucket%d\n", i))
	}
	if i > 0 {
		text = strings.ReplaceAll(text, fmt.Sprintf("Group%d.", i-1), fmt.Sprintf("Group%d.", i))
	}
	return []byte(text)
}

// WriteSmallTemplates writes count small templates (SmallTemplate(0) to
// SmallTemplate(count-1)) into dir, creating it, as t00000.yaml and so on.
func WriteSmallTemplates(dir string, count int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	for i := range count {
		name := filepath.Join(dir, fmt.Sprintf("t%05d.yaml", i))
		if err := os.WriteFile(name, SmallTemplate(i), 0o644); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
	}
	return nil
}

// unitResources returns unit u's resources as YAML mapping entries, in an
// order where every reference points to an earlier entry or unit.
func unitResources(u int) []string {
	logBucket := fmt.Sprintf("Bucket%d", u-u%4)
	peer := fmt.Sprintf("Group%d", max(u-1, 0))
	openSSH := u%7 == 3
	wildcard := u%5 == 2
	plainBucket := u%6 == 1
	cidr, port := "10.0.0.0/8", 443
	if openSSH {
		cidr, port = "0.0.0.0/0", 22
	}
	action := "s3:GetObject"
	if wildcard {
		action = "'*'"
	}

	key := fmt.Sprintf(`  Key%[1]d:
    Type: AWS::KMS::Key
    Properties:
      Description: key %[1]d
      EnableKeyRotation: %[2]t
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Sid: Admin
            Effect: Allow
            Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'}
            Action: kms:*
            Resource: '*'
`, u, u%3 != 0)

	group := fmt.Sprintf(`  Group%[1]d:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: group %[1]d
      VpcId: vpc-0123456789abcdef0
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: %[2]d
          ToPort: %[2]d
          CidrIp: %[3]s
          Description: unit %[1]d
        - IpProtocol: tcp
          FromPort: 8080
          ToPort: 8080
          SourceSecurityGroupId: !GetAtt %[4]s.GroupId
      SecurityGroupEgress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 0.0.0.0/0
`, u, port, cidr, peer)
	if u == 0 {
		// The first group has no earlier peer: it names itself by Ref in
		// the ingress resource below instead.
		group = strings.Replace(group, "!GetAtt "+peer+".GroupId", "sg-0123456789abcdef0", 1)
	}

	// A standalone rule on the group, towards or from its peer.
	standalone := func(direction, peerKey string) string {
		return fmt.Sprintf(`  %[3]s%[1]d:
    Type: AWS::EC2::SecurityGroup%[3]s
    Properties:
      GroupId: !Ref Group%[1]d
      IpProtocol: tcp
      FromPort: 5432
      ToPort: 5432
      %[4]s: !GetAtt %[2]s.GroupId
`, u, peer, direction, peerKey)
	}
	ingress := standalone("Ingress", "SourceSecurityGroupId")
	if u%3 == 2 {
		// Some groups declare their egress in a standalone resource.
		ingress = standalone("Egress", "DestinationSecurityGroupId")
		// The group's own egress list is replaced by the standalone rule.
		group, _, _ = strings.Cut(group, "      SecurityGroupEgress:")
	}

	role := fmt.Sprintf(`  Role%[1]d:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: inline%[1]d
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: %[2]s
                Resource: !Sub '${Bucket%[1]d.Arn}/*'
`, u, action)
	// The role's inline policy names the unit's bucket, which comes later:
	// use the bucket's literal name pattern instead to keep references
	// backwards.
	role = strings.Replace(role, fmt.Sprintf("!Sub '${Bucket%d.Arn}/*'", u), fmt.Sprintf("'arn:aws:s3:::synth-bucket-%d/*'", u), 1)

	policy := fmt.Sprintf(`  Policy%[1]d:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: attached%[1]d
      Roles: [!Ref Role%[1]d]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: [kms:Decrypt, kms:Encrypt]
            Resource: !GetAtt Key%[1]d.Arn
`, u)

	var bucket strings.Builder
	fmt.Fprintf(&bucket, "  Bucket%[1]d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: synth-bucket-%[1]d\n", u)
	if !plainBucket {
		fmt.Fprintf(&bucket, `      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt Key%d.Arn
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
      VersioningConfiguration: {Status: Enabled}
`, u)
	}
	if u%4 != 0 && u%9 != 6 {
		fmt.Fprintf(&bucket, "      LoggingConfiguration:\n        DestinationBucketName: !Ref %s\n        LogFilePrefix: unit%d/\n", logBucket, u)
	}

	bucketPolicy := fmt.Sprintf(`  BucketPolicy%[1]d:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket%[1]d
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: TLSOnly
            Effect: Deny
            Principal: '*'
            Action: s3:*
            Resource: [!GetAtt Bucket%[1]d.Arn, !Sub '${Bucket%[1]d.Arn}/*']
            Condition: {Bool: {'aws:SecureTransport': 'false'}}
`, u)
	if u%4 == 0 {
		bucketPolicy += fmt.Sprintf(`          - Sid: ServerAccessLogs
            Effect: Allow
            Principal: {Service: logging.s3.amazonaws.com}
            Action: s3:PutObject
            Resource: !Sub '${Bucket%d.Arn}/*'
`, u)
	}

	logGroup := fmt.Sprintf(`  Logs%[1]d:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /synth/function%[1]d
      RetentionInDays: %[2]d
`, u, 30*(1+u%3))
	if u%4 == 1 {
		logGroup += fmt.Sprintf("      KmsKeyId: !GetAtt Key%d.Arn\n", u)
	}

	function := fmt.Sprintf(`  Function%[1]d:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: synth-function-%[1]d
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role%[1]d.Arn
      Code: {ZipFile: "def handler(event, context):\n    return event\n"}
      KmsKeyArn: !GetAtt Key%[1]d.Arn
      VpcConfig:
        SecurityGroupIds: [!Ref Group%[1]d]
        SubnetIds: [subnet-0123456789abcdef0]
      LoggingConfig: {LogGroup: !Ref Logs%[1]d}
      Environment:
        Variables:
          BUCKET: !Ref Bucket%[1]d
          KEY_ARN: !GetAtt Key%[1]d.Arn
          LOG_BUCKET: !Ref %[2]s
          STAGE: prod
`, u, logBucket)
	if u%8 == 5 {
		function += "          API_TOKEN: s3cr3t-token-value\n"
	}

	queue := fmt.Sprintf("  Queue%[1]d:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: synth-queue-%[1]d\n", u)
	if u%3 != 2 {
		queue += fmt.Sprintf("      KmsMasterKeyId: !Ref Key%d\n", u)
	}

	return []string{key, group, ingress, role, policy, bucket.String(), bucketPolicy, logGroup, function, queue, pairMember(u, u%6)}
}

// pairMember is unit u's resource of a joined pair of the given kind (0 to
// 5): the first of a pair for even kinds, the second (naming the previous
// unit's first) for odd ones.
func pairMember(u, kind int) string {
	prev := u - 1
	switch kind {
	case 0:
		return fmt.Sprintf("  Vpc%d:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.%d.0.0/16}\n", u, u%250)
	case 1:
		return fmt.Sprintf(`  FlowLog%[1]d:
    Type: AWS::EC2::FlowLog
    Properties:
      ResourceId: !Ref Vpc%[2]d
      ResourceType: VPC
      TrafficType: ALL
      LogDestinationType: s3
      LogDestination: !GetAtt Bucket%[3]d.Arn
`, u, prev, prev-prev%4)
	case 2:
		return fmt.Sprintf(`  Cdn%[1]d:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior: {TargetOriginId: origin, ViewerProtocolPolicy: redirect-to-https}
        Origins:
          - Id: origin
            DomainName: !GetAtt Bucket%[1]d.RegionalDomainName
            S3OriginConfig: {}
`, u)
	case 3:
		return fmt.Sprintf(`  CdnLogs%[1]d:
    Type: AWS::Logs::DeliverySource
    Properties:
      Name: cdn-logs-%[1]d
      LogType: ACCESS_LOGS
      ResourceArn: !Sub 'arn:aws:cloudfront::${AWS::AccountId}:distribution/${Cdn%[2]d}'
`, u, prev)
	case 4:
		return fmt.Sprintf(`  ClusterParams%[1]d:
    Type: AWS::Redshift::ClusterParameterGroup
    Properties:
      Description: parameters %[1]d
      ParameterGroupFamily: redshift-1.0
      Parameters:
        - {ParameterName: enable_user_activity_logging, ParameterValue: 'true'}
`, u)
	default:
		return fmt.Sprintf(`  Warehouse%[1]d:
    Type: AWS::Redshift::Cluster
    Properties:
      ClusterType: single-node
      NodeType: ra3.xlplus
      DBName: warehouse
      MasterUsername: admin
      ManageMasterPassword: true
      Encrypted: true
      KmsKeyId: !Ref Key%[1]d
      ClusterParameterGroupName: !Ref ClusterParams%[2]d
`, u, prev)
	}
}

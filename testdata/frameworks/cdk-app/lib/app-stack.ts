import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

// The network lives in a nested stack; the parent passes the admin CIDR.
class NetworkStack extends cdk.NestedStack {
  constructor(scope: Construct, id: string, adminCidr: string) {
    super(scope, id);
    const vpc = new ec2.CfnVPC(this, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    new ec2.CfnSecurityGroup(this, 'AdminSG', {
      groupDescription: 'admin access',
      vpcId: vpc.ref,
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, cidrIp: adminCidr, description: 'RDP' }],
    });
  }
}

export class AppStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    const adminCidr = new cdk.CfnParameter(this, 'AdminCidr', { default: '0.0.0.0/0' });
    new NetworkStack(this, 'Network', adminCidr.valueAsString);
    new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('lambda'),
    });
  }
}

export class ApiStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    new s3.Bucket(this, 'Uploads', { publicReadAccess: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS });
  }
}

#!/usr/bin/env node
import * as cdk from 'aws-cdk-lib';
import { AppStack, ApiStack } from '../lib/app-stack';

const app = new cdk.App();
new AppStack(app, 'AppStack');

// A stage: its stacks are synthesised into cdk.out/assembly-Prod.
const prod = new cdk.Stage(app, 'Prod');
new ApiStack(prod, 'ApiStack');

package net

import (
	"fmt"

	"github.com/cfnvet/cfnvet/engine/rule"
)

// SensitivePortOpenToWorld is NET004.
var SensitivePortOpenToWorld = &rule.Rule{
	Meta: rule.Meta{
		ID:       "NET004",
		Slug:     "net-sensitive-port-open-to-world",
		Family:   rule.NET,
		Severity: rule.High,
		Title:    "Security group exposes a sensitive service port to the world",
		Description: "Databases, caches, message brokers, file shares and legacy clear-text protocols (MySQL 3306, " +
			"PostgreSQL 5432, Redis 6379, MongoDB 27017, SMB 445, Telnet 23, LDAP 389/636, Docker 2375, etcd 2379, " +
			"Kubernetes API 6443, Elasticsearch 9200, …) are rarely hardened " +
			"for direct internet exposure, and open instances are found and harvested within hours. A rule " +
			"matches when its tcp or udp range covers one of these ports; when the range also covers SSH or RDP " +
			"this rule reports it (it is the broader exposure) and NET002 does not. EC2-Classic RDS DB security groups " +
			"(AWS::RDS::DBSecurityGroup entries and AWS::RDS::DBSecurityGroupIngress) have no ports of their own: " +
			"a CIDRIP of 0.0.0.0/0 opens the database port of every DB instance in the group, and is reported here.",
		Remediation: "Keep data and management services private: allow them only from the application's security " +
			"group or the VPC range, and reach them from outside through a bastion, VPN or private endpoint.",
		Implies:       []string{"NET001"},
		ResourceTypes: []string{typeSG, typeIngress, typeDBSG, typeDBSGIngress},
		Aliases: map[string][]string{
			"cdk_nag": {"AwsSolutions-EC23"},
			"guard":   {"EC2_SECURITY_GROUP_INGRESS_OPEN_TO_WORLD_RULE"},
			"cfn_nag": {"W2"},
			"kics": {"cdbb0467-2957-4a77-9992-7b55b29df7b7", "494b03d3-bf40-4464-8524-7c56ad0700ed",
				"78055456-f670-4d2e-94d5-392d1cf4f5e4",
				// DB Security Group With Public Scope reads CIDRIP too.
				"9564406d-e761-4e61-b8d7-5926e3ab8e79"},
		},
	},
	Check: checkExposure(ExposedService, func(s Site, e WorldExposure) string {
		return fmt.Sprintf("%s allows %s on %s, exposing %s", s.Name(), e.CIDR.Describe(), e.Traffic, portList(e.Ports))
	}),
}

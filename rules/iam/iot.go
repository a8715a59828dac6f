package iam

import "github.com/cfnvet/cfnvet/engine/model"

// IoTDocuments returns an IoT policy's document.
func IoTDocuments(r *model.Resource) []*Document {
	if d := docAt(IdentityPolicy, r.Prop("PolicyDocument"), model.Path{"Properties", "PolicyDocument"}); d != nil {
		return []*Document{d}
	}
	return nil
}

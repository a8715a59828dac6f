package scan

import (
	"errors"
	"io/fs"

	"github.com/cfnvet/cfnvet/engine/template"
)

func asTemplateError(err error, target **template.Error) bool { return errors.As(err, target) }

func isNotTemplate(err error) bool { return errors.Is(err, template.ErrNotTemplate) }

func asPathError(err error, target **fs.PathError) bool { return errors.As(err, target) }

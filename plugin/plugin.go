// Package plugin registers softdelete as a golangci-lint v2 module plugin
// named "softdelete". Its settings are the .softdelete.yml shape, decoded
// into the same Config and checked by the same validation.
package plugin

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/softdelete/softdelete/analyzer"
)

func init() { register.Plugin("softdelete", New) }

type softdelete struct{ cfg *analyzer.Config }

// New builds the plugin from golangci-lint's settings map.
func New(settings any) (register.LinterPlugin, error) {
	cfg, err := register.DecodeSettings[analyzer.Config](settings)
	if err != nil {
		return nil, fmt.Errorf("softdelete settings: %w", err)
	}
	if err := cfg.Validate("softdelete settings"); err != nil {
		return nil, err
	}
	return &softdelete{cfg: &cfg}, nil
}

func (p *softdelete) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{analyzer.NewForGolangci(p.cfg)}, nil
}

// GetLoadMode asks for type information: sinks are recognised by type.
func (p *softdelete) GetLoadMode() string { return register.LoadModeTypesInfo }

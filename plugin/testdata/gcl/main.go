// Command custom-gcl is golangci-lint v2 with the softdelete plugin
// compiled in: what `golangci-lint custom` builds from .custom-gcl.yml,
// made from the module proxy alone so CI needs no git clone.
package main

import (
	"fmt"
	"os"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/softdelete/softdelete/plugin"
)

func main() {
	info := commands.BuildInfo{Version: "2.15.0-custom-softdelete", Date: "(unknown)", Commit: "(unknown)"}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}

// The same program with the SDK: a client that lists resellers.
package main

import (
	"context"
	"fmt"

	hwpartner "github.com/hwpartner/go-hwpartner"
	"github.com/hwpartner/go-hwpartner/resellers"
)

func main() {
	c, err := hwpartner.NewClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	for r, err := range c.Resellers.ListIter(context.Background(), &resellers.ListParams{}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(r.ID, r.Name)
	}
}

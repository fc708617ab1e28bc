// A plain net/http program that lists resellers: the baseline.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

func main() {
	resp, err := http.Post(os.Args[1]+"/v2/partners/indirect-partners/query", "application/json", bytes.NewReader([]byte(`{"limit":10}`)))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var v struct {
		Count    int `json:"count"`
		Partners []struct {
			ID   string `json:"indirect_partner_id"`
			Name string `json:"name"`
		} `json:"indirect_partners"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&v)
	for _, p := range v.Partners {
		fmt.Println(p.ID, p.Name)
	}
}

package reports

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/rollout-sim/rollout/internal/atomicfile"
)

// htmlChromeNames are the Chromium executables WritePNGs looks for in PATH, in order.
var htmlChromeNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// ErrNoChromium is returned (wrapped) by WritePNGs when no Chromium is installed.
var ErrNoChromium = errors.New("no Chromium found in PATH (looked for chromium, chromium-browser, google-chrome, google-chrome-stable); " +
	"install it, e.g. `apt-get install chromium` on Debian")

// FindChromium returns the path of a Chromium or Chrome executable in PATH, or an
// error wrapping ErrNoChromium.
func FindChromium() (string, error) {
	for _, name := range htmlChromeNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// htmlBrowser starts a headless Chromium with a fresh profile (a rollout-chromium-*
// folder in the temporary directory) and networking cut off (every host name
// resolves to nothing), and returns a tab context. The browser runs in its own
// process group (htmlBrowserCmd). cancel stops the browser, kills any process still
// using the profile and removes the profile; the browser also stops when parent is
// cancelled, and cancel must still be called then to clean up.
func htmlBrowser(parent context.Context) (ctx context.Context, cancel func(), err error) {
	exe, err := FindChromium()
	if err != nil {
		return nil, nil, err
	}
	profile, err := os.MkdirTemp("", "rollout-chromium-")
	if err != nil {
		return nil, nil, err
	}

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(parent,
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.ModifyCmdFunc(htmlBrowserCmd),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("hide-scrollbars", true),
		// No name resolves and no proxy is used: the report must need no network.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.Flag("proxy-server", "127.0.0.1:9"),
		chromedp.WindowSize(1280, 900),
	)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	var once sync.Once
	cancel = func() {
		once.Do(func() {
			cancelTab()
			cancelAlloc() // kills the browser and waits for it
			htmlKillProfileUsers(profile)
			// Chromium keeps its singleton socket in a folder of its own in the
			// temporary directory, linked from the profile; a killed browser leaves it.
			if target, err := os.Readlink(filepath.Join(profile, "SingletonSocket")); err == nil {
				if d := filepath.Dir(target); strings.HasPrefix(filepath.Base(d), "org.chromium.Chromium.") {
					os.RemoveAll(d)
				}
			}
			for i := 0; i < 20; i++ { // a dying child may still write into the profile
				if err := os.RemoveAll(profile); err == nil {
					if _, err := os.Stat(profile); errors.Is(err, fs.ErrNotExist) {
						break
					}
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
	return tabCtx, cancel, nil
}

// htmlFileURL is the file:// URL of a local path.
func htmlFileURL(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String(), nil
}

// htmlWaitReady waits until the charts in the page's first view are drawn (as
// pictures, or by ECharts for a chart without one) and returns how many are.
func htmlWaitReady(ctx context.Context) (int, error) {
	v, err := chromedp.Run(ctx, chromedp.Poll[string](
		`document.documentElement.getAttribute("data-charts-ready") || false`,
		chromedp.WithPollingInterval(20*time.Millisecond)))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(v)
}

// htmlExportWidth is the width in CSS pixels of an exported chart; images are
// drawn at twice that (htmlExportScale) for print resolution.
const (
	htmlExportWidth = 960
	htmlExportScale = 2
)

// htmlPaperPart is what the page's paper() says about one chart: its id and the
// labels of its parts (one per link for the link chart, else one empty label).
type htmlPaperPart struct {
	ID    string   `json:"id"`
	Parts []string `json:"parts"`
}

// WritePNGs opens the HTML report at htmlPath in headless Chromium (no network) and
// writes every chart as an image ready for a document: DIR/<chart id>.png (e.g.
// users-by-state.png) with the figure's title and caption above the chart, no
// toolbox, zoom slider or legend pager, dates with the year, drawn at twice
// screen resolution on white. The link chart gives one image per link,
// DIR/link-utilization-<link>.png, with both orderings in it. It returns the paths
// written, in order.
//
// It checks for Chromium before anything else (an error wrapping ErrNoChromium).
// When ctx is cancelled (Ctrl-C) or the browser fails, it stops the browser,
// removes its temporary profile and every image it wrote (and DIR if it created
// it), and returns a one-line error; it wraps context.Canceled when interrupted.
func WritePNGs(ctx context.Context, htmlPath, dir string) (paths []string, err error) {
	images, err := RenderPNGs(ctx, htmlPath)
	if err != nil {
		return nil, err
	}
	created := false
	if _, statErr := os.Stat(dir); errors.Is(statErr, fs.ErrNotExist) {
		created = true
	}
	defer func() {
		if err == nil {
			return
		}
		for _, p := range paths {
			os.Remove(p)
		}
		if created {
			os.Remove(dir) // only when empty: nothing of anyone else's goes
		}
		paths = nil
	}()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("reports: PNG export: %w", err)
	}
	for _, im := range images {
		if ctx.Err() != nil {
			return paths, htmlExportError(ctx, ctx.Err())
		}
		p := filepath.Join(dir, im.Name)
		if err := atomicfile.WriteFile(p, im.Data); err != nil {
			return paths, fmt.Errorf("reports: PNG export: %w", err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// RenderPNGs draws every chart of the report at htmlPath as WritePNGs does and
// returns the images as files named <chart id>.png, without writing anything, so
// that a caller can write them with other files in one transaction. Its errors are
// those of WritePNGs.
func RenderPNGs(ctx context.Context, htmlPath string) ([]File, error) {
	if _, err := FindChromium(); err != nil {
		return nil, fmt.Errorf("reports: PNG export: %w", err)
	}
	if _, err := os.Stat(htmlPath); err != nil {
		return nil, fmt.Errorf("reports: PNG export: %w", err)
	}
	u, err := htmlFileURL(htmlPath)
	if err != nil {
		return nil, fmt.Errorf("reports: PNG export: %w", err)
	}
	images, err := htmlRenderPNGs(ctx, u)
	if err != nil {
		return nil, htmlExportError(ctx, err)
	}
	if len(images) == 0 {
		return nil, errors.New("reports: PNG export: the report has no charts")
	}
	files := make([]File, len(images))
	for i, im := range images {
		files[i] = File{Name: im.name + ".png", Data: im.png}
	}
	return files, nil
}

// htmlImage is one exported image: its file name (without .png) and bytes.
type htmlImage struct {
	name string
	png  []byte
}

// htmlRenderPNGs loads the report at u and captures every figure in paper form.
func htmlRenderPNGs(parent context.Context, u string) ([]htmlImage, error) {
	ctx, cancel, err := htmlBrowser(parent)
	if err != nil {
		return nil, err
	}
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()

	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(htmlExportWidth+40, 900),
		chromedp.Navigate(u)); err != nil {
		return nil, err
	}
	if _, err := htmlWaitReady(ctx); err != nil {
		return nil, err
	}
	// The print stylesheet hides the screen charts, the data tables and the
	// selectors, and shows the paper charts.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		return nil, err
	}
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[[]htmlPaperPart](fmt.Sprintf(`window.__report.paper(%d, true)`, htmlExportWidth)))
	if err != nil {
		return nil, err
	}
	var out []htmlImage
	for _, ch := range charts {
		for k, label := range ch.Parts {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if len(ch.Parts) > 1 {
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`window.__report.only(%q, %d)`, ch.ID, k))); err != nil {
					return nil, err
				}
			}
			png, err := htmlCapture(ctx, "fig-"+ch.ID)
			if err != nil {
				return nil, fmt.Errorf("chart %s: %w", ch.ID, err)
			}
			name := htmlSafeFileName(ch.ID)
			if len(ch.Parts) > 1 {
				name += "-" + htmlSafeFileName(strings.NewReplacer("/", "-", " ", "-").Replace(label))
			}
			out = append(out, htmlImage{name: name, png: png})
		}
	}
	return out, nil
}

// htmlCapture screenshots the element with the given id (its whole box, even
// beyond the window) at htmlExportScale.
func htmlCapture(ctx context.Context, id string) ([]byte, error) {
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(function () {
		var el = document.getElementById(%q), r = el.getBoundingClientRect();
		return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];
	})()`, id)))
	if err != nil {
		return nil, err
	}
	if len(box) != 4 || box[2] <= 0 || box[3] <= 0 {
		return nil, fmt.Errorf("element %s has no box", id)
	}
	const pad = 12 // white margin around the figure
	beyond := true
	res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format: page.CaptureScreenshotFormatPng,
		Clip: &page.Viewport{X: max(0, box[0]-pad), Y: max(0, box[1]-pad), Width: box[2] + 2*pad,
			Height: box[3] + 2*pad, Scale: htmlExportScale},
		CaptureBeyondViewport: &beyond,
	})
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}

// htmlExportError turns a failure of the export into one line: "interrupted" when
// ctx was cancelled (wrapping context.Canceled), else the first line of the
// browser's error, cut to a readable length.
func htmlExportError(ctx context.Context, err error) error {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return fmt.Errorf("reports: PNG export interrupted: %w", context.Canceled)
	}
	if errors.Is(err, ErrNoChromium) {
		return fmt.Errorf("reports: PNG export: %w", err)
	}
	msg := strings.TrimSpace(err.Error())
	if i := strings.IndexAny(msg, "\r\n"); i >= 0 {
		msg = msg[:i]
	}
	msg = strings.TrimSuffix(strings.TrimSpace(msg), ":")
	if r := []rune(msg); len(r) > 120 {
		msg = string(r[:120]) + "…"
	}
	if errors.Is(err, context.DeadlineExceeded) {
		msg = "the browser did not finish within 2 minutes"
	}
	return fmt.Errorf("reports: PNG export failed: Chromium: %s", msg)
}

// htmlSafeFileName keeps letters, digits, '-' and '_' of a chart id.
func htmlSafeFileName(id string) string {
	var b strings.Builder
	for _, r := range id {
		if r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "chart"
	}
	return b.String()
}

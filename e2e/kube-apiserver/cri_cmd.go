package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
)

// BehavioursAnnotation carries the scenario's per-container script on the pod; the kubelet passes
// pod annotations to the runtime in the sandbox config. Its JSON is a map from container name to
// behaviour: lib/sim/kubelet/behaviour.ts's Behaviour plus `image` and `ports`.
const BehavioursAnnotation = "sidecarscope.dev/behaviours"

// behaviour mirrors lib/sim/kubelet/behaviour.ts (the fields a process can show to a kubelet).
type behaviour struct {
	Image        string  `json:"image,omitempty"`
	PullMs       *int64  `json:"pullMs,omitempty"`
	ServeAfterMs int64   `json:"serveAfterMs,omitempty"`
	RunMs        *int64  `json:"runMs,omitempty"`
	ExitCode     int32   `json:"exitCode,omitempty"`
	DrainMs      *int64  `json:"drainMs,omitempty"`
	Needs        *needs  `json:"needs,omitempty"`
	Memory       *memory `json:"memory,omitempty"`
	Ports        []port  `json:"ports,omitempty"`
}

type needs struct {
	Container string `json:"container"`
	AfterMs   int64  `json:"afterMs"`
}

type memory struct {
	BaseMi       float64 `json:"baseMi"`
	GrowMiPerMin float64 `json:"growMiPerMin,omitempty"`
}

// port is where a container answers: HTTP (200 once serving, 503 before) or TCP (accepts once serving).
type port struct {
	Port int    `json:"port"`
	Kind string `json:"kind"`
}

const (
	defaultPullMs  = 500
	defaultDrainMs = 300
)

type sandbox struct {
	status     *runtimeapi.PodSandboxStatus
	config     *runtimeapi.PodSandboxConfig
	behaviours map[string]behaviour
}

type container struct {
	status    *runtimeapi.ContainerStatus
	sandboxID string
	name      string
	b         behaviour
	memLimit  int64
	serving   bool
	timers    []*time.Timer
	listeners []net.Listener
	exited    chan struct{}
}

type criRuntime struct {
	runtimeapi.UnimplementedRuntimeServiceServer
	runtimeapi.UnimplementedImageServiceServer

	mu         sync.Mutex
	sandboxes  map[string]*sandbox
	containers map[string]*container
	images     map[string]*runtimeapi.Image
	nextIP     int
	seq        int
	logf       func(format string, args ...any)
}

func runCRI(args []string) {
	fs := flag.NewFlagSet("cri", flag.ExitOnError)
	socket := fs.String("socket", "", "unix socket path to serve CRI on")
	control := fs.String("control", "", "file to write the control URL to (empty: no control API)")
	_ = fs.Parse(args)
	r := newCRIRuntime()
	_ = os.Remove(*socket)
	l, err := net.Listen("unix", *socket)
	if err != nil {
		log.Fatalf("cri: %v", err)
	}
	srv := grpc.NewServer()
	runtimeapi.RegisterRuntimeServiceServer(srv, r)
	runtimeapi.RegisterImageServiceServer(srv, r)
	go func() { _ = srv.Serve(l) }()
	if *control != "" {
		cl, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			log.Fatalf("cri: %v", err)
		}
		go func() { _ = http.Serve(cl, r.controlMux()) }()
		if err := os.WriteFile(*control, []byte("http://"+cl.Addr().String()), 0o600); err != nil {
			log.Fatalf("cri: %v", err)
		}
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	<-ctx.Done()
	srv.Stop()
	r.closeAll()
}

func newCRIRuntime() *criRuntime {
	return &criRuntime{
		sandboxes:  map[string]*sandbox{},
		containers: map[string]*container{},
		images:     map[string]*runtimeapi.Image{},
		logf:       log.Printf,
	}
}

// controlMux: GET /containers lists what runs (for debugging a scenario).
func (r *criRuntime) controlMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /containers", func(w http.ResponseWriter, _ *http.Request) {
		r.mu.Lock()
		defer r.mu.Unlock()
		out := []map[string]any{}
		for id, c := range r.containers {
			out = append(out, map[string]any{"id": id, "name": c.name, "state": c.status.State.String(), "exitCode": c.status.ExitCode, "reason": c.status.Reason, "serving": c.serving})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	})
	return mux
}

func (r *criRuntime) closeAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.containers {
		r.stopTimersLocked(c)
		r.closeListenersLocked(c)
	}
}

func (r *criRuntime) newID() string {
	r.seq++
	sum := sha256.Sum256([]byte(fmt.Sprintf("%d-%d-%d", os.Getpid(), time.Now().UnixNano(), r.seq)))
	return hex.EncodeToString(sum[:])
}

// ---- runtime info ----

func (r *criRuntime) Version(context.Context, *runtimeapi.VersionRequest) (*runtimeapi.VersionResponse, error) {
	return &runtimeapi.VersionResponse{Version: "0.1.0", RuntimeName: "sidecarscope-cri", RuntimeVersion: "0.1.0", RuntimeApiVersion: "v1"}, nil
}

func (r *criRuntime) Status(context.Context, *runtimeapi.StatusRequest) (*runtimeapi.StatusResponse, error) {
	return &runtimeapi.StatusResponse{Status: &runtimeapi.RuntimeStatus{Conditions: []*runtimeapi.RuntimeCondition{
		{Type: runtimeapi.RuntimeReady, Status: true},
		{Type: runtimeapi.NetworkReady, Status: true},
	}}}, nil
}

func (r *criRuntime) RuntimeConfig(context.Context, *runtimeapi.RuntimeConfigRequest) (*runtimeapi.RuntimeConfigResponse, error) {
	return &runtimeapi.RuntimeConfigResponse{Linux: &runtimeapi.LinuxRuntimeConfiguration{CgroupDriver: runtimeapi.CgroupDriver_SYSTEMD}}, nil
}

func (r *criRuntime) UpdateRuntimeConfig(context.Context, *runtimeapi.UpdateRuntimeConfigRequest) (*runtimeapi.UpdateRuntimeConfigResponse, error) {
	return &runtimeapi.UpdateRuntimeConfigResponse{}, nil
}

// ---- sandboxes ----

func (r *criRuntime) RunPodSandbox(_ context.Context, req *runtimeapi.RunPodSandboxRequest) (*runtimeapi.RunPodSandboxResponse, error) {
	cfg := req.GetConfig()
	bs := map[string]behaviour{}
	if raw, ok := cfg.GetAnnotations()[BehavioursAnnotation]; ok {
		if err := json.Unmarshal([]byte(raw), &bs); err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "annotation %s: %v", BehavioursAnnotation, err)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	id := r.newID()
	r.nextIP++
	// 127.0.0.0/8 is all loopback on Linux: each pod gets its own address, from 127.0.1.1 on.
	ip := fmt.Sprintf("127.0.%d.%d", 1+r.nextIP/250, 1+r.nextIP%250)
	r.sandboxes[id] = &sandbox{
		config:     cfg,
		behaviours: bs,
		status: &runtimeapi.PodSandboxStatus{
			Id:        id,
			Metadata:  cfg.GetMetadata(),
			State:     runtimeapi.PodSandboxState_SANDBOX_READY,
			CreatedAt: time.Now().UnixNano(),
			Network:   &runtimeapi.PodSandboxNetworkStatus{Ip: ip},
			// podSandboxChanged compares these options with the pod's: without them every sync
			// would recreate the sandbox (as cri-api's FakeRuntimeService notes).
			Linux: &runtimeapi.LinuxPodSandboxStatus{Namespaces: &runtimeapi.Namespace{
				Options: cfg.GetLinux().GetSecurityContext().GetNamespaceOptions(),
			}},
			Labels:         cfg.GetLabels(),
			Annotations:    cfg.GetAnnotations(),
			RuntimeHandler: req.GetRuntimeHandler(),
		},
	}
	r.logf("sandbox %s/%s ip %s", cfg.GetMetadata().GetNamespace(), cfg.GetMetadata().GetName(), ip)
	return &runtimeapi.RunPodSandboxResponse{PodSandboxId: id}, nil
}

func (r *criRuntime) StopPodSandbox(_ context.Context, req *runtimeapi.StopPodSandboxRequest) (*runtimeapi.StopPodSandboxResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.sandboxes[req.GetPodSandboxId()]
	if !ok {
		return &runtimeapi.StopPodSandboxResponse{}, nil
	}
	for _, c := range r.containers {
		if c.sandboxID == s.status.Id && c.status.State == runtimeapi.ContainerState_CONTAINER_RUNNING {
			r.exitLocked(c, 137, "Error")
		}
	}
	s.status.State = runtimeapi.PodSandboxState_SANDBOX_NOTREADY
	return &runtimeapi.StopPodSandboxResponse{}, nil
}

func (r *criRuntime) RemovePodSandbox(_ context.Context, req *runtimeapi.RemovePodSandboxRequest) (*runtimeapi.RemovePodSandboxResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	id := req.GetPodSandboxId()
	for cid, c := range r.containers {
		if c.sandboxID == id {
			if c.status.State == runtimeapi.ContainerState_CONTAINER_RUNNING {
				r.exitLocked(c, 137, "Error")
			}
			delete(r.containers, cid)
		}
	}
	delete(r.sandboxes, id)
	return &runtimeapi.RemovePodSandboxResponse{}, nil
}

func (r *criRuntime) PodSandboxStatus(_ context.Context, req *runtimeapi.PodSandboxStatusRequest) (*runtimeapi.PodSandboxStatusResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.sandboxes[req.GetPodSandboxId()]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "pod sandbox %q not found", req.GetPodSandboxId())
	}
	return &runtimeapi.PodSandboxStatusResponse{Status: cloneSandboxStatus(s.status)}, nil
}

func cloneSandboxStatus(s *runtimeapi.PodSandboxStatus) *runtimeapi.PodSandboxStatus {
	return &runtimeapi.PodSandboxStatus{
		Id: s.Id, Metadata: s.Metadata, State: s.State, CreatedAt: s.CreatedAt, Network: s.Network,
		Linux: s.Linux, Labels: s.Labels, Annotations: s.Annotations, RuntimeHandler: s.RuntimeHandler,
	}
}

func (r *criRuntime) ListPodSandbox(_ context.Context, req *runtimeapi.ListPodSandboxRequest) (*runtimeapi.ListPodSandboxResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := req.GetFilter()
	var out []*runtimeapi.PodSandbox
	for id, s := range r.sandboxes {
		if f != nil {
			if f.Id != "" && f.Id != id {
				continue
			}
			if f.State != nil && f.State.State != s.status.State {
				continue
			}
			if !matchLabels(f.LabelSelector, s.status.Labels) {
				continue
			}
		}
		out = append(out, &runtimeapi.PodSandbox{
			Id: id, Metadata: s.status.Metadata, State: s.status.State, CreatedAt: s.status.CreatedAt,
			Labels: s.status.Labels, Annotations: s.status.Annotations, RuntimeHandler: s.status.RuntimeHandler,
		})
	}
	return &runtimeapi.ListPodSandboxResponse{Items: out}, nil
}

func matchLabels(selector, labels map[string]string) bool {
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// ---- containers ----

func (r *criRuntime) CreateContainer(_ context.Context, req *runtimeapi.CreateContainerRequest) (*runtimeapi.CreateContainerResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.sandboxes[req.GetPodSandboxId()]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "pod sandbox %q not found", req.GetPodSandboxId())
	}
	cfg := req.GetConfig()
	name := cfg.GetMetadata().GetName()
	id := r.newID()
	// The kubelet asks for the image by the reference PullImage returned; like containerd, the
	// status names the image by its tag and gives the digest reference as imageRef.
	ref := cfg.GetImage().GetImage()
	image := &runtimeapi.ImageSpec{Image: ref}
	for _, img := range r.images {
		if img.Id == ref || img.Spec.Image == normaliseImage(ref) {
			ref, image = img.Id, &runtimeapi.ImageSpec{Image: img.RepoTags[0]}
			break
		}
	}
	r.containers[id] = &container{
		sandboxID: s.status.Id,
		name:      name,
		b:         s.behaviours[name],
		memLimit:  cfg.GetLinux().GetResources().GetMemoryLimitInBytes(),
		status: &runtimeapi.ContainerStatus{
			Id: id, Metadata: cfg.GetMetadata(), State: runtimeapi.ContainerState_CONTAINER_CREATED,
			CreatedAt: time.Now().UnixNano(), Image: image, ImageRef: ref,
			Labels: cfg.GetLabels(), Annotations: cfg.GetAnnotations(),
			LogPath: cfg.GetLogPath(),
		},
		exited: make(chan struct{}),
	}
	return &runtimeapi.CreateContainerResponse{ContainerId: id}, nil
}

func (r *criRuntime) StartContainer(_ context.Context, req *runtimeapi.StartContainerRequest) (*runtimeapi.StartContainerResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.containers[req.GetContainerId()]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "container %q not found", req.GetContainerId())
	}
	if c.status.State != runtimeapi.ContainerState_CONTAINER_CREATED {
		return nil, status.Errorf(codes.FailedPrecondition, "container %q is %s", c.name, c.status.State)
	}
	c.status.State = runtimeapi.ContainerState_CONTAINER_RUNNING
	c.status.StartedAt = time.Now().UnixNano()
	b := c.b
	r.listenLocked(c, "http")
	r.after(c, b.ServeAfterMs, func() {
		c.serving = true
		r.listenLocked(c, "tcp")
	})
	if b.RunMs != nil {
		code := b.ExitCode
		r.after(c, *b.RunMs, func() {
			reason := "Completed"
			if code != 0 {
				reason = "Error"
			}
			r.exitLocked(c, code, reason)
		})
	}
	if b.Needs != nil {
		peerName := b.Needs.Container
		r.after(c, b.Needs.AfterMs, func() {
			if !r.servingLocked(c.sandboxID, peerName) {
				r.logf("%s: %s is not serving yet, exit 1", c.name, peerName)
				r.exitLocked(c, 1, "Error")
			}
		})
	}
	if ms, ok := oomAfter(b, c.memLimit); ok {
		r.after(c, ms, func() { r.exitLocked(c, 137, "OOMKilled") })
	}
	return &runtimeapi.StartContainerResponse{}, nil
}

// oomAfter: ms after start at which the scripted memory reaches the limit (lib/sim/kubelet/usage.ts).
func oomAfter(b behaviour, limitBytes int64) (int64, bool) {
	if b.Memory == nil || b.Memory.GrowMiPerMin <= 0 || limitBytes <= 0 {
		return 0, false
	}
	limitMi := float64(limitBytes) / (1024 * 1024)
	ms := (limitMi - b.Memory.BaseMi) / b.Memory.GrowMiPerMin * 60_000
	if ms < 0 {
		ms = 0
	}
	return int64(ms), true
}

func (r *criRuntime) servingLocked(sandboxID, name string) bool {
	for _, p := range r.containers {
		if p.sandboxID == sandboxID && p.name == name && p.status.State == runtimeapi.ContainerState_CONTAINER_RUNNING && p.serving {
			return true
		}
	}
	return false
}

// after runs task (under the lock) ms after now unless the container has exited by then.
func (r *criRuntime) after(c *container, ms int64, task func()) {
	t := time.AfterFunc(time.Duration(ms)*time.Millisecond, func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if c.status.State == runtimeapi.ContainerState_CONTAINER_RUNNING {
			task()
		}
	})
	c.timers = append(c.timers, t)
}

func (r *criRuntime) stopTimersLocked(c *container) {
	for _, t := range c.timers {
		t.Stop()
	}
	c.timers = nil
}

func (r *criRuntime) exitLocked(c *container, code int32, reason string) {
	if c.status.State != runtimeapi.ContainerState_CONTAINER_RUNNING {
		return
	}
	r.stopTimersLocked(c)
	r.closeListenersLocked(c)
	c.serving = false
	c.status.State = runtimeapi.ContainerState_CONTAINER_EXITED
	c.status.FinishedAt = time.Now().UnixNano()
	c.status.ExitCode = code
	c.status.Reason = reason
	close(c.exited)
	r.logf("container %s exited %d %s", c.name, code, reason)
}

// listenLocked opens the container's ports of one kind on its pod's IP: HTTP ports from start
// (503 until serving), TCP ports once serving (a refused connection before).
func (r *criRuntime) listenLocked(c *container, kind string) {
	s, ok := r.sandboxes[c.sandboxID]
	if !ok {
		return
	}
	for _, p := range c.b.Ports {
		if p.Kind != kind {
			continue
		}
		addr := net.JoinHostPort(s.status.Network.Ip, strconv.Itoa(p.Port))
		l, err := net.Listen("tcp", addr)
		if err != nil {
			r.logf("%s: listen %s: %v", c.name, addr, err)
			continue
		}
		c.listeners = append(c.listeners, l)
		if kind == "http" {
			h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				r.mu.Lock()
				serving := c.serving
				r.mu.Unlock()
				if serving {
					_, _ = w.Write([]byte("ok\n"))
					return
				}
				http.Error(w, "not serving yet", http.StatusServiceUnavailable)
			})
			go func() { _ = (&http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}).Serve(l) }()
		} else {
			go func() {
				for {
					conn, err := l.Accept()
					if err != nil {
						return
					}
					_ = conn.Close()
				}
			}()
		}
	}
}

func (r *criRuntime) closeListenersLocked(c *container) {
	for _, l := range c.listeners {
		_ = l.Close()
	}
	c.listeners = nil
}

// StopContainer sends SIGTERM: the process exits 143 after its drainMs, or is SIGKILLed (137) at the
// timeout. Like a real runtime, the call returns once the container has exited.
func (r *criRuntime) StopContainer(ctx context.Context, req *runtimeapi.StopContainerRequest) (*runtimeapi.StopContainerResponse, error) {
	r.mu.Lock()
	c, ok := r.containers[req.GetContainerId()]
	if !ok || c.status.State != runtimeapi.ContainerState_CONTAINER_RUNNING {
		if ok && c.status.State == runtimeapi.ContainerState_CONTAINER_CREATED {
			c.status.State = runtimeapi.ContainerState_CONTAINER_EXITED
			c.status.FinishedAt = time.Now().UnixNano()
		}
		r.mu.Unlock()
		return &runtimeapi.StopContainerResponse{}, nil
	}
	drain := int64(defaultDrainMs)
	if c.b.DrainMs != nil {
		drain = *c.b.DrainMs
	}
	timeoutMs := req.GetTimeout() * 1000
	exited := c.exited
	if drain <= timeoutMs {
		r.after(c, drain, func() { r.exitLocked(c, 143, "Error") })
	} else {
		r.after(c, timeoutMs, func() { r.exitLocked(c, 137, "Error") })
	}
	r.logf("stop %s timeout %ds drain %dms", c.name, req.GetTimeout(), drain)
	r.mu.Unlock()
	select {
	case <-exited:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return &runtimeapi.StopContainerResponse{}, nil
}

func (r *criRuntime) RemoveContainer(_ context.Context, req *runtimeapi.RemoveContainerRequest) (*runtimeapi.RemoveContainerResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.containers[req.GetContainerId()]; ok {
		r.exitLocked(c, 137, "Error")
		delete(r.containers, req.GetContainerId())
	}
	return &runtimeapi.RemoveContainerResponse{}, nil
}

func (r *criRuntime) ListContainers(_ context.Context, req *runtimeapi.ListContainersRequest) (*runtimeapi.ListContainersResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := req.GetFilter()
	var out []*runtimeapi.Container
	for id, c := range r.containers {
		if f != nil {
			if f.Id != "" && f.Id != id {
				continue
			}
			if f.PodSandboxId != "" && f.PodSandboxId != c.sandboxID {
				continue
			}
			if f.State != nil && f.State.State != c.status.State {
				continue
			}
			if !matchLabels(f.LabelSelector, c.status.Labels) {
				continue
			}
		}
		out = append(out, &runtimeapi.Container{
			Id: id, PodSandboxId: c.sandboxID, Metadata: c.status.Metadata, Image: c.status.Image,
			ImageRef: c.status.ImageRef, State: c.status.State, CreatedAt: c.status.CreatedAt,
			Labels: c.status.Labels, Annotations: c.status.Annotations,
		})
	}
	return &runtimeapi.ListContainersResponse{Containers: out}, nil
}

func (r *criRuntime) ContainerStatus(_ context.Context, req *runtimeapi.ContainerStatusRequest) (*runtimeapi.ContainerStatusResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.containers[req.GetContainerId()]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "container %q not found", req.GetContainerId())
	}
	s := c.status
	return &runtimeapi.ContainerStatusResponse{Status: &runtimeapi.ContainerStatus{
		Id: s.Id, Metadata: s.Metadata, State: s.State, CreatedAt: s.CreatedAt, StartedAt: s.StartedAt,
		FinishedAt: s.FinishedAt, ExitCode: s.ExitCode, Image: s.Image, ImageRef: s.ImageRef,
		Reason: s.Reason, Message: s.Message, Labels: s.Labels, Annotations: s.Annotations, LogPath: s.LogPath,
	}}, nil
}

func (r *criRuntime) UpdateContainerResources(context.Context, *runtimeapi.UpdateContainerResourcesRequest) (*runtimeapi.UpdateContainerResourcesResponse, error) {
	return &runtimeapi.UpdateContainerResourcesResponse{}, nil
}

func (r *criRuntime) ReopenContainerLog(context.Context, *runtimeapi.ReopenContainerLogRequest) (*runtimeapi.ReopenContainerLogResponse, error) {
	return &runtimeapi.ReopenContainerLogResponse{}, nil
}

// ExecSync answers exec probes: exit 0 once the container serves, 1 before.
func (r *criRuntime) ExecSync(_ context.Context, req *runtimeapi.ExecSyncRequest) (*runtimeapi.ExecSyncResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.containers[req.GetContainerId()]
	if !ok || c.status.State != runtimeapi.ContainerState_CONTAINER_RUNNING {
		return nil, status.Errorf(codes.NotFound, "container %q is not running", req.GetContainerId())
	}
	if c.serving {
		return &runtimeapi.ExecSyncResponse{Stdout: []byte("ok\n")}, nil
	}
	return &runtimeapi.ExecSyncResponse{Stderr: []byte("not serving yet\n"), ExitCode: 1}, nil
}

func (r *criRuntime) ListContainerStats(context.Context, *runtimeapi.ListContainerStatsRequest) (*runtimeapi.ListContainerStatsResponse, error) {
	return &runtimeapi.ListContainerStatsResponse{}, nil
}

func (r *criRuntime) ListPodSandboxStats(context.Context, *runtimeapi.ListPodSandboxStatsRequest) (*runtimeapi.ListPodSandboxStatsResponse, error) {
	return &runtimeapi.ListPodSandboxStatsResponse{}, nil
}

func (r *criRuntime) ListMetricDescriptors(context.Context, *runtimeapi.ListMetricDescriptorsRequest) (*runtimeapi.ListMetricDescriptorsResponse, error) {
	return &runtimeapi.ListMetricDescriptorsResponse{}, nil
}

func (r *criRuntime) ListPodSandboxMetrics(context.Context, *runtimeapi.ListPodSandboxMetricsRequest) (*runtimeapi.ListPodSandboxMetricsResponse, error) {
	return &runtimeapi.ListPodSandboxMetricsResponse{}, nil
}

// ---- images ----

// normaliseImage: "nginx" and "docker.io/library/nginx:latest" are the same image.
func normaliseImage(image string) string {
	if image == "" {
		return ""
	}
	if i := strings.Index(image, "@"); i >= 0 {
		image = image[:i]
	}
	last := image[strings.LastIndex(image, "/")+1:]
	if !strings.Contains(last, ":") {
		image += ":latest"
	}
	first := strings.SplitN(image, "/", 2)
	if len(first) == 1 {
		return "docker.io/library/" + image
	}
	if !strings.ContainsAny(first[0], ".:") && first[0] != "localhost" {
		return "docker.io/" + image
	}
	return image
}

func (r *criRuntime) pullMs(image string, cfg *runtimeapi.PodSandboxConfig) int64 {
	if cfg == nil {
		return defaultPullMs
	}
	raw, ok := cfg.GetAnnotations()[BehavioursAnnotation]
	if !ok {
		return defaultPullMs
	}
	bs := map[string]behaviour{}
	if json.Unmarshal([]byte(raw), &bs) != nil {
		return defaultPullMs
	}
	for _, b := range bs {
		if b.PullMs != nil && normaliseImage(b.Image) == image {
			return *b.PullMs
		}
	}
	return defaultPullMs
}

// PullImage takes the scenario's pullMs for that image each time it is called (an image with
// pull policy Always is pulled on every start, as the simulated kubelet does).
func (r *criRuntime) PullImage(ctx context.Context, req *runtimeapi.PullImageRequest) (*runtimeapi.PullImageResponse, error) {
	name := normaliseImage(req.GetImage().GetImage())
	ms := r.pullMs(name, req.GetSandboxConfig())
	select {
	case <-time.After(time.Duration(ms) * time.Millisecond):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	img, ok := r.images[name]
	if !ok {
		sum := sha256.Sum256([]byte(name))
		repo := strings.SplitN(name, ":", 2)[0]
		if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
			repo = name[:i]
		}
		img = &runtimeapi.Image{
			Id: repo + "@sha256:" + hex.EncodeToString(sum[:]), RepoTags: []string{name},
			RepoDigests: []string{repo + "@sha256:" + hex.EncodeToString(sum[:])}, Size: 10 << 20,
			Spec: &runtimeapi.ImageSpec{Image: name},
		}
		r.images[name] = img
	}
	return &runtimeapi.PullImageResponse{ImageRef: img.Id}, nil
}

func (r *criRuntime) ImageStatus(_ context.Context, req *runtimeapi.ImageStatusRequest) (*runtimeapi.ImageStatusResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	image := req.GetImage().GetImage()
	if img, ok := r.images[normaliseImage(image)]; ok {
		return &runtimeapi.ImageStatusResponse{Image: img}, nil
	}
	for _, img := range r.images {
		if img.Id == image {
			return &runtimeapi.ImageStatusResponse{Image: img}, nil
		}
	}
	return &runtimeapi.ImageStatusResponse{}, nil
}

func (r *criRuntime) ListImages(context.Context, *runtimeapi.ListImagesRequest) (*runtimeapi.ListImagesResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*runtimeapi.Image
	for _, img := range r.images {
		out = append(out, img)
	}
	return &runtimeapi.ListImagesResponse{Images: out}, nil
}

func (r *criRuntime) RemoveImage(_ context.Context, req *runtimeapi.RemoveImageRequest) (*runtimeapi.RemoveImageResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.images, normaliseImage(req.GetImage().GetImage()))
	return &runtimeapi.RemoveImageResponse{}, nil
}

func (r *criRuntime) ImageFsInfo(context.Context, *runtimeapi.ImageFsInfoRequest) (*runtimeapi.ImageFsInfoResponse, error) {
	now := time.Now().UnixNano()
	fs := []*runtimeapi.FilesystemUsage{{
		Timestamp: now, FsId: &runtimeapi.FilesystemIdentifier{Mountpoint: "/var/lib/sidecarscope-cri"},
		UsedBytes: &runtimeapi.UInt64Value{Value: 1 << 30}, InodesUsed: &runtimeapi.UInt64Value{Value: 1000},
	}}
	return &runtimeapi.ImageFsInfoResponse{ImageFilesystems: fs, ContainerFilesystems: fs}, nil
}

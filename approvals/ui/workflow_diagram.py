"""The workflow diagram of the Tracks tab: states in layers by progress, left to right.

`layout_diagram` is plain Python (tested on its own): every state gets a layer, its
longest path from "draft" over forward steps, and a row. The longest path through the
main states sits on row 0; other states of the same layer (the alternative decisions)
stack above and below it; the side states (returned, materials requested, withdrawn) sit
off the main row next to the states they branch from. `DiagramView` draws it, the
arrows routed by `edge_paths` (straight, or along lanes around the boxes).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

# Detours off the main path: drawn off row 0 so the main path reads as one line.
SIDE_STATES: tuple[str, ...] = ("returned", "materials_requested", "withdrawn")
# "Withdraw" leaves every open state: one arrow each would cross everything, so only the
# current state's is drawn and the box says where it comes from.
FROM_ANY_OPEN = "withdrawn"


@dataclass(frozen=True)
class Placed:
    layer: int
    row: int  # 0: the main path; negative above, positive below


def _forward_edges(states: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """Predecessors along steps that make progress (in the table's state order)."""
    order = {s: i for i, s in enumerate(states)}
    preds: dict[str, list[str]] = {s: [] for s in states}
    for a, b in edges:
        if a in order and b in order and order[a] < order[b] and a not in preds[b]:
            preds[b].append(a)
    return preds


def layout_diagram(states: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, Placed]:
    """Layer and row of every state (see the module docstring)."""
    side = [s for s in states if s in SIDE_STATES]
    main = [s for s in states if s not in SIDE_STATES]
    preds = _forward_edges(main, edges)
    layer: dict[str, int] = {}
    for s in main:  # the table lists states in order of progress: predecessors come first
        layer[s] = max((layer[p] + 1 for p in preds[s]), default=0)
    # The main path: back from the furthest state, always through the predecessor that
    # comes first in the table (cleared before cleared_with_conditions before prohibited).
    path: list[str] = []
    if main:
        last = max(main, key=lambda s: (layer[s], -main.index(s)))
        path = [last]
        while preds[path[-1]]:
            path.append(min(preds[path[-1]], key=lambda p: (-layer[p], main.index(p))))
    rows: dict[str, int] = {s: 0 for s in path}
    taken = {(layer[s], 0) for s in path}

    def free_row(at: int, candidates: Sequence[int]) -> int:
        for row in candidates:
            if (at, row) not in taken:
                return row
        return max(r for _, r in taken) + 1

    # Side states first, so they keep the row next to the states they branch from.
    outgoing: dict[str, list[str]] = {s: [] for s in states}
    incoming: dict[str, list[str]] = {s: [] for s in states}
    for a, b in edges:
        if a in outgoing and b in incoming and a != b:
            outgoing[a].append(b)
            incoming[b].append(a)
    for s in side:
        if s == FROM_ANY_OPEN:
            at = max(layer.values(), default=0)
            row = free_row(at, (1, 2, 3, -1, -2))
        else:
            near = [layer[n] for n in incoming[s] + outgoing[s] if n in layer]
            at = round(sum(near) / len(near)) if near else 0
            row = free_row(at, (-1, -2, 1, 2))
        layer[s] = at
        rows[s] = row
        taken.add((at, row))
    for s in main:
        if s not in rows:
            rows[s] = free_row(layer[s], (1, -1, 2, -2, 3, -3))
            taken.add((layer[s], rows[s]))
    return {s: Placed(layer[s], rows[s]) for s in states}


def fold_layers(placed: Mapping[str, Placed], columns: int) -> dict[str, Placed]:
    """The layout wrapped into bands of at most `columns` layers, one band under the other
    (layers `columns` on start again at the left, below every row of the band before):
    a workflow wider than its room (150 %, 200 %) is read whole without scrolling sideways,
    where its last boxes (Closed, Withdrawn) were cut off at the right edge."""
    if not placed:
        return {}
    columns = max(1, columns)
    top = min(p.row for p in placed.values())
    span = max(p.row for p in placed.values()) - top + 1
    return {name: Placed(p.layer % columns, (p.layer // columns) * span + p.row - top)
            for name, p in placed.items()}


class DiagramView(QGraphicsView):
    """The transition table drawn as boxes and arrows, the current state highlighted."""

    # Gaps 32 wide: an eight-stage workflow fits a 1366 px case window at MIN_SCALE (with
    # 44 it was 71 px too wide, its last boxes cut at the right edge).
    BOX_W, GAP_X, GAP_Y = 136.0, 32.0, 44.0
    MIN_SCALE = 0.8  # below this the labels are too small: wrap (or scroll) instead
    # At 150-200 % never below this share of the app's own text size, whatever the screen
    # would allow: scaled down to 80 % of 100 % on the screen, the labels were 40 % of the
    # text an officer had chosen to see twice as large.
    LEAST_OF_TEXT = 0.6
    FOCUS_WIDTH = 2  # the focus frame's width, in pixels

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workflowDiagram")
        self.setAccessibleName("Workflow diagram")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.current: str | None = None
        # Where the current state's box is, kept as a plain rectangle for centring: a scene
        # item held for that could already be deleted with the scene when a closed case
        # window's view is resized (an "already deleted" error in resizeEvent).
        self.current_rect: QRectF | None = None
        self.drawn_rect = QRectF()  # the boxes and arrows with a margin; the scene may be wider
        self.box_w = self.BOX_W  # wider when a state's longest word needs it (_box_width)
        self.ahead_right = 0.0  # the right edge of the states the current one leads on to
        self.state_items: dict[str, Any] = {}
        self.placed: dict[str, Placed] = {}
        self.edge_items: dict[tuple[str, str], Any] = {}
        self.head_items: dict[tuple[str, str], Any] = {}  # each arrow's head
        # The layers drawn side by side (the rest wrapped below), and what is shown, to lay
        # it out again when the view's width holds another number of them.
        self.columns = 0
        self._least_height: int | None = None
        self._shown: tuple[Mapping[str, Any], str] | None = None

    def show_diagram(self, diagram: Mapping[str, Any] | None, current: str) -> None:
        scene = self.scene()
        scene.clear()
        self.state_items, self.edge_items, self.head_items = {}, {}, {}
        self.current, self.current_rect = current, None
        if not diagram:
            self.placed, self.drawn_rect, self._shown = {}, QRectF(), None
            self.setSceneRect(QRectF())  # the scene's own: the words below
            scene.addText("No workflow to show.")
            self.setAccessibleDescription("")
            return
        states = [s["name"] for s in diagram["states"]]
        pairs: list[tuple[str, str]] = []
        labels: dict[tuple[str, str], list[str]] = {}
        for e in diagram["edges"]:
            key = (e["from"], e["to"])
            if e["from"] == e["to"]:
                continue
            if key not in labels:
                pairs.append(key)
                labels[key] = []
            if e["label"] not in labels[key]:
                labels[key].append(e["label"])
        self._shown = (diagram, current)
        self.placed = layout_diagram(states, pairs)
        # As many columns as the view holds at the least scale, the rest wrapped below.
        self.box_w = self._box_width(diagram["states"], current)
        self.columns = self._columns_that_fit()
        placed = fold_layers(self.placed, self.columns)
        self.setAccessibleDescription(describe(diagram, current))
        rects = self._draw_states(diagram["states"], placed, current)
        self._draw_edges(pairs, labels, rects, placed, current)
        if current in rects:
            # The states its steps lead on to, to the right: in view with it when they fit.
            self.ahead_right = max([rects[b].right() for a, b in pairs
                                    if a == current and rects[b].left() > rects[a].left()],
                                   default=rects[current].right())
        self.drawn_rect = scene.itemsBoundingRect().adjusted(-12, -12, 12, 12)
        self.setSceneRect(self.drawn_rect)
        self._fit()

    # -- drawing ---------------------------------------------------------------------------
    def _colours(self) -> tuple[QColor, QColor, QColor, QColor]:
        palette = self.palette()
        text = palette.color(palette.ColorRole.Text)
        base = palette.color(palette.ColorRole.Base)
        faint = QColor(text)
        faint.setAlpha(110)
        return text, base, QColor("#1976d2"), faint

    def _draw_states(self, states: Sequence[Mapping[str, Any]], placed: Mapping[str, Placed],
                     current: str) -> dict[str, QRectF]:
        scene = self.scene()
        text_colour, base, accent, _faint = self._colours()
        labels = {}
        height = self.fontMetrics().lineSpacing() * 2 + 12.0
        self.box_w = self._box_width(states, current)
        for state in states:
            label = scene.addText(state["label"])
            label.setTextWidth(self.box_w - 8)
            # Bold before measuring: the current state's label wraps onto more lines in
            # bold ("Cleared with conditions" and longer ran over its box's edges).
            font = QFont(label.font())
            font.setBold(state["name"] == current)
            label.setFont(font)
            labels[state["name"]] = label
            height = max(height, label.boundingRect().height() + 8)
        self.box_h = height
        top_row = min((p.row for p in placed.values()), default=0)
        rects: dict[str, QRectF] = {}
        for state in states:
            name = state["name"]
            p = placed[name]
            rect = QRectF(p.layer * (self.box_w + self.GAP_X),
                          (p.row - top_row) * (height + self.GAP_Y), self.box_w, height)
            rects[name] = rect
            is_current = name == current
            pen = QPen(accent if is_current else text_colour)
            pen.setWidthF(3.0 if is_current else 1.0)
            if state["final"] and not is_current:
                pen.setStyle(Qt.PenStyle.DashLine)
            brush = QBrush(accent.lighter(175) if is_current else base)
            path = QPainterPath()
            path.addRoundedRect(rect, 6, 6)
            item = scene.addPath(path, pen, brush)
            item.setZValue(1)
            tip = f"{state['label']} {state.get('label_zh', '')}".strip()
            if name == FROM_ANY_OPEN:
                tip += "\nReached by “Withdraw” from any open state."
            if state["final"]:  # what the dashed border means, where the box is
                tip += ("\nA final state: the track ends here."
                        + ("" if is_current else " (Its border is dashed.)"))
            item.setToolTip(tip)
            item.setData(0, name)
            label = labels[name]
            label.setZValue(2)
            label.setDefaultTextColor(QColor("#0d2a4a") if is_current else text_colour)
            bounds = label.boundingRect()
            label.setPos(rect.x() + (self.box_w - bounds.width()) / 2,
                         rect.y() + (height - bounds.height()) / 2)
            self.state_items[name] = item
            if is_current:
                self.current_rect = QRectF(rect)
        return rects

    def _box_width(self, states: Sequence[Mapping[str, Any]], current: str) -> float:
        """BOX_W, or wider where a label's longest word (bold for the current state) does
        not fit on a line of its own: with a large font (200 %) "Acknowledged" broke into
        "Acknowle" and "dged", a word nobody reads."""
        plain = QFont(self.scene().font())  # the labels' (scene.addText)
        bold = QFont(plain)
        bold.setBold(True)
        widest = 0.0
        for state in states:
            metrics = QFontMetricsF(bold if state["name"] == current else plain)
            widest = max([widest] + [metrics.horizontalAdvance(word)
                                     for word in str(state["label"]).split()])
        # The label's text width is the box's less 8, and its document keeps 4 each side.
        return max(self.BOX_W, math.ceil(widest) + 8 + 2 * 4 + 2)

    def _draw_edges(self, pairs: Sequence[tuple[str, str]],
                    labels: Mapping[tuple[str, str], list[str]], rects: Mapping[str, QRectF],
                    placed: Mapping[str, Placed], current: str) -> None:
        scene = self.scene()
        _text, _base, accent, faint = self._colours()
        for (a, b), path in edge_paths(pairs, rects, placed, current, self.GAP_Y).items():
            hot = a == current
            pen = QPen(accent if hot else faint)
            pen.setWidthF(2.2 if hot else 1.2)
            item = scene.addPath(path, pen)
            item.setZValue(3 if hot else 0)
            item.setToolTip(" / ".join(labels[(a, b)]))
            head = scene.addPolygon(_arrow_head(path, 9.0 if hot else 7.0), pen,
                                    QBrush(accent if hot else faint))
            head.setZValue(3 if hot else 0)
            self.edge_items[(a, b)] = item
            self.head_items[(a, b)] = head

    # -- scaling ---------------------------------------------------------------------------
    def _fit(self) -> None:
        drawn = self.drawn_rect
        if drawn.isEmpty():
            return
        view = self.viewport().rect()
        least = self.least_scale()
        by_width = min(1.0, max(view.width() / drawn.width(), least))
        self._hug_height(by_width)
        fit = min(view.width() / drawn.width(), view.height() / drawn.height())
        scale = min(1.0, max(fit, least))
        self.resetTransform()
        self.scale(scale, scale)
        width = view.width() / scale
        left = self._left_edge(width)
        # Blank room after the last column when the view must scroll that far to leave a
        # gap, not half a box, at its left edge.
        self.setSceneRect(drawn.adjusted(0, 0, max(0.0, left + width - drawn.right()), 0))
        middle_y = (self.current_rect or drawn).center().y()
        self.centerOn(QPointF(left + width / 2, middle_y))

    def _hug_height(self, scale: float) -> None:
        """No taller than the drawing at the scale its width allows (with the scroll bar
        under it when it scrolls sideways): the blank above and below the boxes went to
        the track history under it."""
        frame = 2 * self.frameWidth()
        # Against the width inside the frame: hugging its drawing, the view needs no
        # vertical scroll bar, and one shown while it was taller (its width taken from the
        # viewport) made room for a sideways bar that never came, 13 px blank under it.
        scrolls = self.drawn_rect.width() * scale > self.frame_width() + 1
        bar = self.horizontalScrollBar().sizeHint().height() if scrolls else 0
        height = math.ceil(self.drawn_rect.height() * scale) + frame + bar
        if self._least_height is None:
            self._least_height = self.minimumHeight()  # the one its window gave it
        # Wrapped, the bands below are the workflow's end: as tall as the drawing, the
        # details it sits in scroll, not the diagram inside them as well.
        # (A few pixels to spare: the view's scroll range counts the pens' edges too.)
        self.setMinimumHeight(max(height + 4, self._least_height) if self.wrapped
                              else self._least_height)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff if self.wrapped
                                        else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # Two pixels to spare: at exactly the drawing's height its pens' edges brought up a
        # vertical scroll bar, which took the width and then a sideways one.
        self.setMaximumHeight(max(height + 2, self.minimumHeight()))

    def sizeHint(self) -> QSize:
        # Its least height: the track's details (in a scroll area) are measured by their
        # parts' preferred heights, and the whole drawing's made them scroll with room to
        # spare. The layout's stretch, up to _hug_height's maximum, gives it the rest.
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def _left_edge(self, width: float) -> float:
        """Where the view's left edge goes (scene x) for a view `width` wide (scene units):
        at the start when the path from there to the current state fits, else in the gap
        before the first column that leaves the current state and the states it leads on
        to (or at least the current state) whole in view. Centring on the current state opened a closed
        track scrolled right, half a box at the left."""
        drawn, current = self.drawn_rect, self.current_rect
        if current is None or drawn.width() <= width + 0.5:  # all of it in view
            return drawn.left()
        column = self.box_w + self.GAP_X
        latest = current.left() - self.GAP_X / 2  # the current box whole, at the left
        if current.right() + self.GAP_X / 2 <= drawn.left() + width:
            return drawn.left()  # the start first, then what lies ahead
        for right in (max(self.ahead_right, current.right()), current.right()):
            least = right + self.GAP_X / 2 - width  # its border and a margin in view
            # The gap before a column: from x = column * n - GAP_X to column * n.
            left = max(1, math.ceil((least + self.GAP_X / 2) / column)) * column - self.GAP_X / 2
            if left <= latest:
                return left
        return latest  # the view is narrower than the current box

    def least_scale(self) -> float:
        """The least scale the labels are drawn at: MIN_SCALE of their size at 100 % on the
        screen. At 150 % (QT_SCALE_FACTOR=1.5) the labels are drawn larger to begin with,
        so they may be scaled further before they are smaller than that, but not below
        LEAST_OF_TEXT of the app's text (the diagram wraps into more bands instead)."""
        return max(self.MIN_SCALE / max(1.0, self.devicePixelRatioF()), self.LEAST_OF_TEXT)

    def frame_width(self) -> int:
        """The width inside the frame, whether or not a vertical scroll bar takes some."""
        return self.width() - 2 * self.frameWidth()

    @property
    def wrapped(self) -> bool:
        return self.columns < self._layers()

    def _layers(self) -> int:
        return max((p.layer for p in self.placed.values()), default=0) + 1

    def _columns_that_fit(self) -> int:
        """The layers side by side that the view's width holds at the least scale (two at
        least: narrower than that, it scrolls), or all of them when it holds them all."""
        layers = self._layers()
        if not self.isVisible():  # its width is not known yet: laid out again when shown
            return layers
        room = self.frame_width() / self.least_scale() - 24  # less the drawing's margins
        column = self.box_w + self.GAP_X
        if layers * column - self.GAP_X <= room:
            return layers
        # Wrapped: the half gap _left_edge keeps beside the last box in view too.
        return max(2, int((room - self.GAP_X / 2 + self.GAP_X) // column))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._shown is not None and self._columns_that_fit() != self.columns:
            self.show_diagram(*self._shown)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self._shown is not None and self._columns_that_fit() != self.columns:
            self.show_diagram(*self._shown)  # wrapped at another column
            return
        self._fit()

    # Tab stops here (the arrows scroll a diagram wider than the view), but nothing showed
    # it: Tab from the track list seemed to go nowhere. A frame in the highlight colour
    # marks the focus, as a focused list or field is marked.
    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self.viewport())
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), self.FOCUS_WIDTH)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            half = self.FOCUS_WIDTH // 2
            painter.drawRect(self.viewport().rect().adjusted(half, half, -half - 1, -half - 1))
            painter.end()

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event: Any) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if self.hasFocus():  # the scrolled pixels carried the frame along: draw it afresh
            self.viewport().update()


def describe(diagram: Mapping[str, Any], current: str) -> str:
    """The diagram in words for a screen reader: where the track stands and where each
    step from there leads (what the picture shows with the highlighted box and arrows)."""
    labels = {s["name"]: s["label"] for s in diagram["states"]}
    steps = []
    for e in diagram["edges"]:
        if e["from"] == current and e["from"] != e["to"]:
            step = f"{e['label']} → {labels.get(e['to'], e['to'])}"
            if step not in steps:
                steps.append(step)
    where = f"{diagram.get('label') or diagram.get('kind', '')}: now {labels.get(current, current)}"
    return f"{where}. Steps from here: {'; '.join(steps)}." if steps else (
        f"{where}. No step leads on from here.")


def edge_paths(pairs: Sequence[tuple[str, str]], rects: Mapping[str, QRectF],
               placed: Mapping[str, Placed], current: str,
               gap_y: float = DiagramView.GAP_Y) -> dict[tuple[str, str], QPainterPath]:
    """The path of each step drawn (into "Withdrawn" only the current state's), in scene
    units: `rects` are the boxes, `placed` their (folded) columns and rows. A step runs
    straight from box to box unless it jumps over a layer or its straight line would cross
    another box; those run along a lane around the boxes (`_lanes`). Deciding by layers
    alone, a wrapped diagram's "Withdraw" from "Internal review" ran straight down through
    the next band's boxes, striking out "Closed"."""
    shown = [(a, b) for a, b in pairs if b != FROM_ANY_OPEN or a == current]
    both_ways = {(a, b) for a, b in shown if (b, a) in pairs}
    straight = {(a, b): _straight_path(rects[a], rects[b], (a, b) in both_ways)
                for a, b in shown}
    blocked = {step for step, path in straight.items()
               if any(_crosses(path, rect) for name, rect in rects.items() if name not in step)}
    lanes = _lanes(shown, placed, blocked)
    last = max((p.layer for p in placed.values()), default=0)
    return {(a, b): _lane_path(rects[a], rects[b], placed[a], placed[b], lanes[(a, b)], gap_y,
                               last)
            if (a, b) in lanes else straight[(a, b)] for a, b in shown}


def _straight_path(ra: QRectF, rb: QRectF, bent: bool) -> QPainterPath:
    """From border to border on the line between the centres (bent to one side when the
    opposite step is drawn too: the two directions of a pair bend apart)."""
    start, end = _border_point(ra, rb.center()), _border_point(rb, ra.center())
    path = QPainterPath(start)
    if bent:
        normal = QPointF(-(end.y() - start.y()), end.x() - start.x()) * 0.12
        path.quadTo((start + end) / 2 + normal, end)
    else:
        path.lineTo(end)
    return path


def _crosses(path: QPainterPath, rect: QRectF, clearance: float = 3.0) -> bool:
    """Whether the path (its line, not the area it would close) comes within `clearance`
    of the rectangle: an arrow grazing a box's corner reads as running into it."""
    stroker = QPainterPathStroker()
    stroker.setWidth(2 * clearance)
    return stroker.createStroke(path).intersects(rect)


def _lanes(steps: Sequence[tuple[str, str]], placed: Mapping[str, Placed],
           blocked: Collection[tuple[str, str]] = ()) -> dict[tuple[str, str], tuple[int, int]]:
    """The lane of each step that jumps over a layer, or whose straight line is `blocked`
    by a box (a wrapped band's step into a column it shares or neighbours): it runs in the
    gap next to its source row (below it, or above when it leads upwards), not through the
    boxes between. Each such step gets a slot of its own in its gap, counted from its
    source's side, and the gap's number of lanes: a step down from one row and a step up
    from the row under it share that gap (CN-TECH-EXPORT's "Export refused" → "Closed" ran
    on the very line of "Withdraw" from the review, the two arrows one)."""
    gaps: dict[int, list[tuple[str, str]]] = {}  # gap g: between rows g and g + 1
    for a, b in steps:
        pa, pb = placed[a], placed[b]
        if abs(pa.layer - pb.layer) > 1 or (a, b) in blocked:
            gaps.setdefault(pa.row if pb.row >= pa.row else pa.row - 1, []).append((a, b))
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for lane_steps in gaps.values():
        # Downward lanes nearest the upper row, upward lanes nearest the lower one: the
        # slots, top to bottom, are the downward steps' and then the upward steps'.
        down = [s for s in lane_steps if placed[s[1]].row >= placed[s[0]].row]
        up = [s for s in lane_steps if s not in down]
        total = len(lane_steps)
        for slot, step in enumerate(down, start=1):
            out[step] = (slot, total)
        for slot, step in enumerate(up, start=len(down) + 1):
            out[step] = (total + 1 - slot, total)  # counted from the lower row
    return out


def _lane_path(ra: QRectF, rb: QRectF, pa: Placed, pb: Placed, place: tuple[int, int],
               gap_y: float, last: int) -> QPainterPath:
    """A step along its lane: `place` is (its lane counted from its source's side of the
    gap, the lanes in that gap); `last` is the rightmost column."""
    below = pb.row >= pa.row
    if abs(pb.layer - pa.layer) > 1:  # into the target's side that faces the source
        sign = 1.0 if pb.layer > pa.layer else -1.0
    else:
        # Folded, into the source's own column or the next: at the target's right, down
        # the gap there, as the gap at its left may be where the steps wrapped back to the
        # first column come down; in the last column, with no gap at its right, at its left.
        sign = 1.0 if pb.layer == last else -1.0
    lane, lanes = place
    slot = lane if below else lanes + 1 - lane
    edge_a = ra.bottom() if below else ra.top()
    y = edge_a + (gap_y * lane / (lanes + 1)) * (1 if below else -1)
    r = 6.0 if below else -6.0  # corner radius, towards the lane
    if abs(pb.row - pa.row) <= 1:  # the target's edge borders the lane's gap: into it
        # (A target on the next row entered at its side shared the point and the line
        # of the step from its left neighbour.)
        if pb.row == pa.row:
            edge_b = rb.bottom() if below else rb.top()
        else:
            edge_b = rb.top() if below else rb.bottom()
        # By its slot: a step down and a step up into one column in one gap came in
        # on one vertical line.
        end = QPointF(rb.center().x() - 12 * sign * slot, edge_b)
        turn = end.x()
    else:  # along the lane, then into the target's near side
        end = QPointF(rb.left() if sign > 0 else rb.right(), rb.center().y())
        # Each lane turns at an x of its own (by its slot, top to bottom): a step down
        # and a step up through one gap into one column turned on one line.
        turn = end.x() - (12 + 16 * slot / (lanes + 1)) * sign
    # The way along the lane: to where it turns (in the source's own column, that is away
    # from the side the target is entered at).
    run = 1.0 if turn > ra.center().x() else -1.0
    # Each lane leaves its source at an x of its own, 12 apart, closer when a folded gap
    # holds so many lanes that the last would start outside the box.
    spacing = min(12.0, (ra.width() / 2 - 8) / lanes)
    start = QPointF(ra.center().x() + spacing * run * lane, edge_a)
    path = QPainterPath(start)
    path.lineTo(start.x(), y - r)
    path.quadTo(start.x(), y, start.x() + 6 * run, y)
    if abs(pb.row - pa.row) <= 1:
        towards = 6.0 if end.y() > y else -6.0
        path.lineTo(end.x() - 6 * run, y)
        path.quadTo(end.x(), y, end.x(), y + towards)
        path.lineTo(end)
    else:
        down = 6.0 if end.y() > y else -6.0  # corner radius, towards the target's row
        path.lineTo(turn - 6 * run, y)
        path.quadTo(turn, y, turn, y + down)
        path.lineTo(turn, end.y() - down)
        # Straight for the last few units at least, so the head points into the box.
        path.quadTo(turn, end.y(), turn + 6 * sign, end.y())
        path.lineTo(end)
    return path


def _border_point(rect: QRectF, towards: QPointF) -> QPointF:
    """Where the line from the rectangle's centre towards a point leaves the rectangle."""
    centre = rect.center()
    dx, dy = towards.x() - centre.x(), towards.y() - centre.y()
    if dx == 0 and dy == 0:
        return centre
    scale = min(rect.width() / 2 / abs(dx) if dx else float("inf"),
                rect.height() / 2 / abs(dy) if dy else float("inf"))
    return QPointF(centre.x() + dx * scale, centre.y() + dy * scale)


def _arrow_head(path: QPainterPath, size: float) -> QPolygonF:
    """The head at the path's end, along its last `size` units: the angle at 99 % of a long
    lane's length was taken on its turn, and the head into "Withdrawn" pointed down."""
    tip = path.pointAtPercent(1.0)
    back = path.pointAtPercent(path.percentAtLength(max(0.0, path.length() - size)))
    angle = math.atan2(tip.y() - back.y(), tip.x() - back.x())
    left = QPointF(tip.x() - size * math.cos(angle - 0.45), tip.y() - size * math.sin(angle - 0.45))
    right = QPointF(tip.x() - size * math.cos(angle + 0.45),
                    tip.y() - size * math.sin(angle + 0.45))
    return QPolygonF([tip, left, right])

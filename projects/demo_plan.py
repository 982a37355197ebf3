"""The demo's implementation plan at work: the seed programme's nine tasks reported year by year and accepted (but
task 3, whose lead unit the 2025 reform merged away without a recorded successor, is missing its last two years),
and the running programme's plan, carried over, in its first year: one task accepted, one awaiting review, one
returned with a note, one being written, the rest not recorded yet. Made once, through the services; running the
demo again changes nothing."""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from projects.models import PlanTask, TaskProgress
from projects.plan_progress import PlanLeads, recordable_years
from projects.services.programmes import carry_plan_over
from projects.services.task_progress import task_progress_review, task_progress_save

# What each task's lead unit did in a year, by the task's position (made up for the demo).
DONE = {
    1: "Tham mưu ban hành văn bản hướng dẫn quản lý và sử dụng viện trợ PCPNN; rà soát thủ tục tiếp nhận",
    2: "Tổ chức hội thảo giới thiệu danh mục dự án với các tổ chức PCPNN; gửi thư mời và tài liệu bằng tiếng Anh",
    3: "Cập nhật chuyên mục viện trợ PCPNN trên cổng thông tin điện tử; đăng danh mục dự án song ngữ",
    4: "Rà soát, bổ sung ngân hàng dự án; hướng dẫn các đơn vị lập đề xuất dự án",
    5: "Bố trí dự toán kinh phí vận động viện trợ và vốn đối ứng cho các dự án đã ký kết",
    6: "Cử cán bộ tham gia lớp tập huấn về công tác PCPNN; biên soạn tài liệu nghiệp vụ",
    7: "Tiếp và làm việc với các đoàn tổ chức PCPNN đến khảo sát; trao đổi nhu cầu của các ngành, địa phương",
    8: "Theo dõi, đánh giá tình hình thực hiện các dự án; kiểm tra thực địa các dự án đang triển khai",
    9: "Sơ kết công tác vận động viện trợ trong năm; đề xuất khen thưởng tập thể, cá nhân có thành tích",
}
DIFFICULTIES = "Nguồn vốn đối ứng còn hạn chế; một số tổ chức thu hẹp hoạt động sau đại dịch."
NEXT_YEAR = "Tiếp tục vận động các tổ chức truyền thống và tìm kiếm đối tác mới."
RETURN_NOTE = "Đề nghị bổ sung số dự án đã rà soát và số đơn vị được hướng dẫn trong năm."
MERGED_AWAY = 3  # the task whose lead unit has no recorded successor
DEMO = " (Dữ liệu minh họa.)"


def _text(task, year):
    return {"done": f"Năm {year}: {DONE.get(task.position, task.content[:200])}.{DEMO}", "difficulties": DIFFICULTIES, "next_year": NEXT_YEAR}


@transaction.atomic
def load_plan_demo(programme, today=None):
    """The demo's yearly progress; True when it was made now."""
    if programme is None:
        return False
    User = get_user_model()
    coordinator, finance = User.objects.filter(username="dieuphoi").first(), User.objects.filter(username="taichinh").first()
    if coordinator is None or finance is None:
        return False
    if programme.predecessor and not programme.plan_tasks.exists():
        carry_plan_over(programme.predecessor, programme)
    programmes = [p for p in (programme.predecessor, programme) if p]
    if TaskProgress.objects.filter(task__programme__in=programmes).exists():
        return False
    leads = PlanLeads(today or timezone.localdate())

    def record(task, year, *, submit=True, accept=None):
        by = finance if leads.is_member_of_lead(finance.memberships.select_related("organisation"), task) else coordinator
        progress = task_progress_save(task=task, year=year, fields=_text(task, year), by=by, expected_version=0, submit=submit, leads=leads, notify=False)
        if accept is not None:
            task_progress_review(progress=progress, accept=accept, note="" if accept else RETURN_NOTE, by=coordinator, expected_version=progress.version, notify=False)

    if programme.predecessor:
        last = programme.predecessor.end_year
        for task in PlanTask.objects.filter(programme=programme.predecessor).select_related("programme", "lead").order_by("position"):
            for year in recordable_years(programme.predecessor, leads.today):
                if task.position != MERGED_AWAY or year < last - 1:
                    record(task, year, accept=True)
    this_year = recordable_years(programme, leads.today)[-1:] if programme.start_year <= leads.today.year else []
    tasks = {t.position: t for t in PlanTask.objects.filter(programme=programme).select_related("programme", "lead")}
    for year in this_year:
        for position, step in ((2, {"accept": True}), (5, {}), (4, {"accept": False}), (1, {"submit": False})):
            if position in tasks:
                record(tasks[position], year, **step)
    return True
